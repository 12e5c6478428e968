//! `lookalike`: the command line.
//!
//! - `variants DOMAIN` prints the ranked lookalikes of a domain;
//! - `check` reads candidates on standard input and says, for each line, which
//!   protected domain or suffix it imitates;
//! - `compare A B` scores one pair;
//! - `policy` serves Postfix's policy-delegation protocol, holding mail to
//!   lookalikes of protected domains;
//! - `resolve` (feature `dns`) says what DNS holds for each name on standard
//!   input.
//!
//! Exit status: 0 on success (for `check`, whatever the input lines held), 2
//! when an argument, a list or the domain of `variants`/`compare` does not
//! parse.

#![forbid(unsafe_code)]

mod check;
mod lines;
mod policy;
mod policy_protocol;
#[cfg(feature = "dns")]
mod resolve;
#[cfg(feature = "serve")]
mod serve;
mod variants;
mod zone;

use std::io::{self, BufReader, BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Variants(variants::VariantsArgs),
    /// Which protected domain or suffix each line of standard input imitates
    /// (a domain, host, e-mail address or URL a line): one answer a line.
    Check {
        #[command(flatten)]
        lists: check::Lists,
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
    /// What DNS says of each name on standard input (one a line): JSON
    /// Lines, in input order, with `registered`, `wildcard`, `mail`, `a`,
    /// `aaaa`, `mx`, `ns` and `error`.
    #[cfg(feature = "dns")]
    Resolve(resolve::ResolveArgs),
    /// The check as an HTTP JSON service: `/v1/check`, `/v1/message`,
    /// `/v1/variants/{domain}`, `/v1/compare`, `/healthz`.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Variants(args) => variants::run(&args),
        Command::Check {
            mut lists,
            json,
            threads,
            line_buffered,
            strict,
            input: format,
        } => {
            lists.strict = strict;
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
        #[cfg(feature = "dns")]
        Command::Resolve(args) => resolve::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args),
    }
}

/// The exit status after writing: a closed pipe (`| head`) is a normal end.
pub(crate) fn finish(result: io::Result<()>) -> ExitCode {
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

pub(crate) fn fail(message: &str) -> ExitCode {
    eprintln!("lookalike: {message}");
    ExitCode::from(2)
}
