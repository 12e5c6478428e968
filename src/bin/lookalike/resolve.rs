//! DNS on the command line (feature `dns`): `lookalike resolve` for names on
//! standard input, and `variants --resolve`.
//!
//! `resolve` answers one JSON line per input line, in input order, batch by
//! batch as input arrives (a batch ends where the input pauses, as in
//! `check`), so it can sit in a pipeline. A line that names no host answers
//! with an error; so does a name the server cannot answer, within the
//! timeout: a dead name server never hangs the run.

use std::io::{self, BufReader, BufWriter, IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use lookalike::resolve::{Resolution, ResolveOptions, Resolver};
use lookalike::{Domain, Variant};
use serde::Serialize;

use crate::lines::{Lines, Source};
use crate::variants::{Format, print_csv, print_json, print_list, print_table_with};
use crate::{fail, finish};

/// Names resolved together: large enough to keep the server busy at the
/// default concurrency, small enough that answers follow input closely and
/// the progress bar moves.
const BATCH: usize = 512;

/// How to reach DNS: shared by `resolve` and `variants --resolve`.
#[derive(Args, Clone)]
pub struct DnsArgs {
    /// Resolve each variant shown: registered names first, those that
    /// receive mail first among them.
    #[arg(long)]
    pub resolve: bool,
    /// With `--resolve`, only the names someone holds.
    #[arg(long, requires = "resolve")]
    pub registered: bool,
    /// The name server to ask, `IP:PORT` (default: the system's).
    #[arg(long, value_name = "IP:PORT")]
    pub nameserver: Option<SocketAddr>,
    /// Names resolved at once.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub concurrency: usize,
    /// Milliseconds one query may take before it is tried again.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub timeout: u64,
    /// Tries of a query that timed out.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub attempts: usize,
}

impl DnsArgs {
    fn resolver(&self) -> Result<Resolver, String> {
        Resolver::new(ResolveOptions {
            nameserver: self.nameserver,
            concurrency: self.concurrency,
            timeout: Duration::from_millis(self.timeout),
            attempts: self.attempts,
        })
        .map_err(|e| e.to_string())
    }
}

#[derive(Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    dns: DnsArgs,
}

/// A resolution as printed: the name, what DNS holds, and whether it takes
/// mail.
#[derive(Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    resolution: &'a Resolution,
    mail: bool,
}

pub fn run(args: &ResolveArgs) -> ExitCode {
    let resolver = match args.dns.resolver() {
        Ok(r) => r,
        Err(message) => return fail(&message),
    };
    let mut input = BufReader::with_capacity(64 * 1024, io::stdin());
    let mut lines = Lines::new(&mut input);
    let mut out = BufWriter::new(io::stdout().lock());
    let result = (|| -> io::Result<()> {
        loop {
            let mut batch = Vec::new();
            while let Some(line) = lines.next()? {
                batch.push(line.text);
                if batch.len() == BATCH || lines.paused() {
                    break;
                }
            }
            if batch.is_empty() {
                return Ok(());
            }
            answer_batch(&resolver, &batch, &mut out)?;
            out.flush()?;
        }
    })();
    finish(result)
}

/// Resolves the hosts a batch of lines name; a line naming none answers
/// with its error.
fn answer_batch(resolver: &Resolver, batch: &[String], out: &mut impl Write) -> io::Result<()> {
    let hosts: Vec<Result<String, String>> = batch
        .iter()
        .map(|line| {
            Domain::from_input(line)
                .map(|d| d.as_str().to_owned())
                .map_err(|e| e.to_string())
        })
        .collect();
    let asked: Vec<&str> = hosts.iter().filter_map(|h| h.as_deref().ok()).collect();
    let mut found = resolver.resolve_all(&asked).into_iter();
    for (line, host) in batch.iter().zip(&hosts) {
        let resolution = match host {
            Ok(_) => found.next(),
            Err(_) => None,
        };
        match resolution {
            Some(r) => {
                let mail = r.receives_mail();
                serde_json::to_writer(
                    &mut *out,
                    &Answer {
                        resolution: &r,
                        mail,
                    },
                )?;
            }
            None => {
                let error = host.as_ref().err().cloned().unwrap_or_default();
                let echo: String = line.chars().filter(|c| !c.is_control()).collect();
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({ "name": echo, "error": error }),
                )?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A variant with what DNS holds for it.
#[derive(Serialize)]
struct Resolved<'a> {
    #[serde(flatten)]
    variant: &'a Variant,
    registered: bool,
    wildcard: bool,
    mail: bool,
    a: &'a [std::net::Ipv4Addr],
    aaaa: &'a [std::net::Ipv6Addr],
    mx: &'a [String],
    ns: &'a [String],
    error: &'a Option<String>,
}

/// `variants --resolve`: the variants resolved, reordered (registered,
/// then mail-capable among them, then rank), filtered with `--registered`.
pub fn print_resolved(
    out: &mut impl Write,
    variants: &[Variant],
    dns: &DnsArgs,
    format: Format,
) -> io::Result<()> {
    let resolver = dns.resolver().map_err(io::Error::other)?;
    let found = resolve_with_progress(&resolver, variants);
    let mut rows: Vec<(&Variant, &Resolution)> = variants.iter().zip(&found).collect();
    // A stable sort keeps rank order within each group.
    rows.sort_by_key(|(_, r)| (!r.registered, !r.receives_mail()));
    if dns.registered {
        rows.retain(|(_, r)| r.registered);
    }
    let shown: Vec<&Variant> = rows.iter().map(|(v, _)| *v).collect();
    let heads = ["dns", "mx", "a", "ns"];
    match format {
        Format::Json => {
            let resolved: Vec<Resolved<'_>> = rows
                .iter()
                .map(|(v, r)| Resolved {
                    variant: v,
                    registered: r.registered,
                    wildcard: r.wildcard,
                    mail: r.receives_mail(),
                    a: &r.a,
                    aaaa: &r.aaaa,
                    mx: &r.mx,
                    ns: &r.ns,
                    error: &r.error,
                })
                .collect();
            print_json(out, &resolved)
        }
        Format::List => print_list(out, &shown),
        Format::Csv => print_csv(out, &shown, &heads, |i| {
            let r = rows[i].1;
            let addresses = r.addresses();
            vec![
                status(r).to_owned(),
                r.mx.join(" "),
                addresses
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                r.ns.join(" "),
            ]
        }),
        Format::Table => print_table_with(out, &shown, &heads, |i| {
            let r = rows[i].1;
            let first = |list: Vec<String>| match list.len() {
                0 => "-".to_owned(),
                1 => list[0].clone(),
                n => format!("{} +{}", list[0], n - 1),
            };
            vec![
                status(r).to_owned(),
                first(r.mx.clone()),
                first(r.addresses().iter().map(ToString::to_string).collect()),
                first(r.ns.clone()),
            ]
        }),
    }
}

/// The variants resolved batch by batch, with a progress bar on standard
/// error when it is a terminal (nothing otherwise: a log or a pipe gets no
/// bar characters).
fn resolve_with_progress(resolver: &Resolver, variants: &[Variant]) -> Vec<Resolution> {
    let names: Vec<&str> = variants.iter().map(Variant::domain).collect();
    let bar = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(names.len() as u64);
        bar.set_message("resolving");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut found = Vec::with_capacity(names.len());
    for chunk in names.chunks(BATCH) {
        found.extend(resolver.resolve_all(chunk));
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    found
}
/// One word for what DNS says of a name.
fn status(r: &Resolution) -> &'static str {
    if r.receives_mail() {
        "mail"
    } else if r.registered {
        "registered"
    } else if r.wildcard {
        "wildcard"
    } else if r.error.is_some() {
        "error"
    } else {
        "free"
    }
}
