//! `lookalike`: the command line.
//!
//! - `variants DOMAIN` prints the ranked lookalikes of a domain;
//! - `check` reads candidates on standard input and says, for each line, which
//!   protected domain or suffix it imitates;
//! - `compare A B` scores one pair;
//! - `policy` serves Postfix's policy-delegation protocol, holding mail to
//!   lookalikes of protected domains.
//!
//! Exit status: 0 on success (for `check`, whatever the input lines held), 2
//! when an argument, a list or the domain of `variants`/`compare` does not
//! parse.

#![forbid(unsafe_code)]

mod check;
mod lines;
mod policy;
mod policy_protocol;
mod zone;

use std::io::{self, BufReader, BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lookalike::keyboard::Layout;
use lookalike::{Generator, Kind};

#[derive(Parser)]
#[command(
    name = "lookalike",
    version,
    about = "Ranked lookalike domains: generate them, or check names against the ones you protect."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The confusable variants of DOMAIN, highest risk first.
    Variants {
        /// The domain (Unicode or punycode; a host stands for its registrable domain).
        domain: String,
        /// Print only the first N.
        #[arg(long)]
        top: Option<usize>,
        /// Only these kinds, comma-separated (omission,tld_swap,idn_homoglyph,...).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// Keyboard layouts for the keyboard kinds, comma-separated
        /// (qwerty-us, qwertz-de, azerty-fr, dvorak-us, colemak-us).
        #[arg(long, value_delimiter = ',')]
        layout: Vec<String>,
        /// JSON Lines, one object per variant, in rank order.
        #[arg(long)]
        json: bool,
    },
    /// Which protected domain or suffix each line of standard input imitates
    /// (a domain, host, e-mail address or URL a line): one answer a line.
    Check {
        /// A file of protected domains, one a line (`#` comments; `.mil`
        /// protects a suffix). Repeatable.
        #[arg(long, value_name = "FILE")]
        protect: Vec<String>,
        /// A protected suffix (`mil`). Repeatable.
        #[arg(long, value_name = "S")]
        protect_suffix: Vec<String>,
        /// A file of known-good domains never to flag. Repeatable.
        #[arg(long, value_name = "FILE")]
        allow: Vec<String>,
        /// A file of extra lure words (`airdrop`, `claim`), one a line, added
        /// to the embedded list. Repeatable.
        #[arg(long, value_name = "FILE")]
        words: Vec<String>,
        /// Report only matches scoring at least this. 0.5 by default, as for
        /// `policy`: below it sit one organisation's own country domains
        /// (README, "How well it works"); 0 reports everything the model
        /// explains.
        #[arg(long, default_value_t = 0.5)]
        min_score: f64,
        /// JSON Lines: `{"input", "matches": [{"target", "kind", "score",
        /// "reason"}]}` or `{"input", "error"}`.
        #[arg(long)]
        json: bool,
        /// Worker threads (default: one per core). Output order is input
        /// order whatever the number.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Answer and flush after every line. Without it, answers go out as
        /// soon as the input pauses, and in large blocks while it streams.
        #[arg(long)]
        line_buffered: bool,
        /// Refuse a list with a bad line. Without it, the line is reported
        /// on standard error and the rest of the list loads.
        #[arg(long)]
        strict: bool,
        /// What standard input holds: `lines` (a name, address or URL a
        /// line) or `zone` (an RFC 1035 zone file: each owner name once,
        /// relative names under `$ORIGIN`).
        #[arg(long, value_name = "FORMAT", default_value = "lines", value_parser = ["lines", "zone"])]
        input: String,
    },
    /// How A imitates B: kind, score and reason.
    Compare {
        /// The candidate.
        a: String,
        /// The target.
        b: String,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// A Postfix policy service (`check_policy_service`): holds, rejects,
    /// defers or warns about mail to lookalikes of protected domains.
    Policy(policy::PolicyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Variants {
            domain,
            top,
            kinds,
            layout,
            json,
        } => variants(&domain, top, &kinds, &layout, json),
        Command::Check {
            protect,
            protect_suffix,
            allow,
            words,
            min_score,
            json,
            threads,
            line_buffered,
            strict,
            input: format,
        } => {
            let lists = check::Lists {
                protect,
                protect_suffix,
                allow,
                words,
                min_score,
                strict,
            };
            let matcher = match check::matcher(&lists) {
                Ok(m) => m,
                Err(message) => return fail(&message),
            };
            let options = check::Options {
                json,
                threads: threads
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
                line_buffered,
                zone: format == "zone",
            };
            // 64 KiB: a line may be that long, and a full buffer is a batch.
            let mut input = BufReader::with_capacity(64 * 1024, io::stdin());
            let mut out = BufWriter::new(io::stdout().lock());
            let result = check::run(&matcher, &mut input, &mut out, options);
            finish(result.and_then(|()| out.flush()))
        }
        Command::Compare { a, b, json } => compare(&a, &b, json),
        Command::Policy(args) => policy::run(args),
    }
}

/// The exit status after writing: a closed pipe (`| head`) is a normal end.
fn finish(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

fn compare(a: &str, b: &str, json: bool) -> ExitCode {
    let assessment = match lookalike::compare(a, b) {
        Ok(found) => found,
        Err(e) => return fail(&e.to_string()),
    };
    let mut out = io::stdout().lock();
    let result = match (&assessment, json) {
        (found, true) => serde_json::to_writer(&mut out, found)
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
        (Some(x), false) => writeln!(out, "{}\t{:.3}\t{}", x.kind.name(), x.score, x.reason),
        (None, false) => writeln!(out, "not a lookalike"),
    };
    finish(result)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("lookalike: {message}");
    ExitCode::from(2)
}

fn variants(
    domain: &str,
    top: Option<usize>,
    kinds: &[String],
    layouts: &[String],
    json: bool,
) -> ExitCode {
    let mut builder = Generator::builder();
    if !kinds.is_empty() {
        match parse_all(kinds, Kind::from_name, "kind") {
            Ok(parsed) => builder = builder.kinds(parsed),
            Err(message) => return fail(&message),
        }
    }
    if !layouts.is_empty() {
        match parse_all(layouts, Layout::from_name, "layout") {
            Ok(parsed) => builder = builder.layouts(parsed),
            Err(message) => return fail(&message),
        }
    }
    let found = match builder.build().variants(domain) {
        Ok(v) => v,
        Err(e) => return fail(&format!("{domain}: {e}")),
    };
    let shown = &found[..top.unwrap_or(found.len()).min(found.len())];
    let mut out = BufWriter::new(io::stdout().lock());
    let result = if json {
        print_json(&mut out, shown)
    } else {
        print_table(&mut out, shown, found.len())
    };
    finish(result.and_then(|()| out.flush()))
}

/// Parses every name with `parse`, or says which one is unknown.
fn parse_all<T>(
    names: &[String],
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, String> {
    names
        .iter()
        .map(|n| parse(n).ok_or_else(|| format!("unknown {what} `{n}`")))
        .collect()
}

fn print_json(out: &mut impl Write, variants: &[lookalike::Variant]) -> io::Result<()> {
    for v in variants {
        serde_json::to_writer(&mut *out, v)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn print_table(
    out: &mut impl Write,
    variants: &[lookalike::Variant],
    total: usize,
) -> io::Result<()> {
    let width = variants
        .iter()
        .map(|v| v.unicode().chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:>4}  {:<width$}  {:<16}  {:>8}  {:>5}  reason",
        "rank", "domain", "kind", "priority", "score"
    )?;
    for (i, v) in variants.iter().enumerate() {
        let pad = width - v.unicode().chars().count();
        writeln!(
            out,
            "{:>4}  {}{}  {:<16}  {:>8.3}  {:>5.3}  {}",
            i + 1,
            v.unicode(),
            " ".repeat(pad),
            v.kind.name(),
            v.priority,
            v.score,
            v.reason()
        )?;
    }
    if variants.len() < total {
        writeln!(out, "({} of {} variants shown)", variants.len(), total)?;
    }
    Ok(())
}
