//! `lookalike`: the command line.
//!
//! `variants DOMAIN` prints the ranked lookalikes of a domain. Exit status: 0
//! on success, 2 when the input does not parse or the arguments are wrong.

use std::io::{self, BufWriter, Write};
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
    }
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
    match result.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is a normal end.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
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
        .map(|v| v.unicode.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:>4}  {:<width$}  {:<16}  {:>5}  reason",
        "rank", "domain", "kind", "score"
    )?;
    for (i, v) in variants.iter().enumerate() {
        let pad = width - v.unicode.chars().count();
        writeln!(
            out,
            "{:>4}  {}{}  {:<16}  {:>5.3}  {}",
            i + 1,
            v.unicode,
            " ".repeat(pad),
            v.kind.name(),
            v.score,
            v.reason
        )?;
    }
    if variants.len() < total {
        writeln!(out, "({} of {} variants shown)", variants.len(), total)?;
    }
    Ok(())
}
