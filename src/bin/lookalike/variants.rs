//! `lookalike variants DOMAIN`: the ranked lookalikes of a domain, as a
//! table or JSON Lines, and with `--resolve` (feature `dns`) what DNS holds
//! for each.
//!
//! With `--resolve`, registered names come first, those that can receive
//! mail first among them, then the rest in rank order: the question a
//! brand's analyst asks of the list is which names someone already holds.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use lookalike::keyboard::Layout;
use lookalike::{Domain, Generator, Kind, RegistrationRates, Variant};
use serde::Serialize;

use crate::{fail, finish};

#[derive(Args)]
pub struct VariantsArgs {
    /// The domain (Unicode or punycode; a host stands for its registrable
    /// domain; an e-mail address or a URL for its host's).
    domain: String,
    /// Print only the first N.
    #[arg(long)]
    top: Option<usize>,
    /// Only variants scoring at least this.
    #[arg(long, value_name = "X")]
    min_score: Option<f64>,
    /// Only these kinds, comma-separated (omission,tld_swap,idn_homoglyph,...).
    #[arg(long, value_delimiter = ',')]
    kinds: Vec<String>,
    /// Keyboard layouts for the keyboard kinds, comma-separated
    /// (qwerty-us, qwertz-de, azerty-fr, dvorak-us, colemak-us).
    #[arg(long, value_delimiter = ',')]
    layout: Vec<String>,
    /// Registration rates to order the list by, in the format of
    /// `data/registration-rates.tsv` (a newer fit), in place of the embedded
    /// ones.
    #[arg(long, value_name = "FILE")]
    rates: Option<std::path::PathBuf>,
    /// How to print: a `table`, JSON Lines (`json`), `csv` with a header
    /// row, or a `list` of names, one a line.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Shorthand for `--format json`.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    #[cfg(feature = "dns")]
    #[command(flatten)]
    dns: crate::resolve::DnsArgs,
}

/// How `variants` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    List,
}

pub fn run(args: &VariantsArgs) -> ExitCode {
    let format = if args.json { Format::Json } else { args.format };
    let mut builder = Generator::builder();
    if !args.kinds.is_empty() {
        match parse_all(&args.kinds, Kind::from_name, "kind", &kind_names()) {
            Ok(parsed) => builder = builder.kinds(parsed),
            Err(message) => return fail(&message),
        }
    }
    if !args.layout.is_empty() {
        let names = Layout::ALL
            .iter()
            .map(|l| l.name())
            .collect::<Vec<_>>()
            .join(", ");
        match parse_all(&args.layout, Layout::from_name, "layout", &names) {
            Ok(parsed) => builder = builder.layouts(parsed),
            Err(message) => return fail(&message),
        }
    }
    if let Some(path) = &args.rates {
        let rates = read_rates(path)
            .and_then(|text| RegistrationRates::from_tsv(&text).map_err(|e| e.to_string()));
        match rates {
            Ok(rates) => builder = builder.registration_rates(rates),
            Err(e) => return fail(&format!("{}: {e}", path.display())),
        }
    }
    let domain = match Domain::from_input(&args.domain) {
        Ok(d) => d,
        Err(e) => return fail(&format!("{}: {e}", args.domain)),
    };
    // Without a score filter the generator makes only the names that can
    // be among the first N (`GeneratorBuilder::max_variants`), and the
    // whole list's length is not known.
    let best_first = args.min_score.is_none();
    if let Some(top) = args.top.filter(|_| best_first) {
        builder = builder.max_variants(top);
    }
    let mut found = builder.build().variants_of(&domain);
    if let Some(min) = args.min_score {
        found.retain(|v| v.score >= min);
    }
    let total = found.len();
    found.truncate(args.top.unwrap_or(total));
    let mut out = BufWriter::new(io::stdout().lock());
    #[cfg(feature = "dns")]
    if args.dns.resolve {
        let result = crate::resolve::print_resolved(&mut out, &found, &args.dns, format);
        return finish(result.and_then(|()| out.flush()));
    }
    let refs: Vec<&Variant> = found.iter().collect();
    let result = match format {
        Format::Json => print_json(&mut out, &found),
        Format::Table => print_table_with(&mut out, &refs, &[], |_| Vec::new()),
        Format::Csv => print_csv(&mut out, &refs, &[], |_| Vec::new()),
        Format::List => print_list(&mut out, &refs),
    };
    if args.top.is_some() && best_first {
        eprintln!("(the first {} variants shown)", found.len());
    } else if found.len() < total {
        eprintln!("({} of {} variants shown)", found.len(), total);
    }
    finish(result.and_then(|()| out.flush()))
}

/// The largest rates file read, in octets: the embedded table is about 10
/// KiB, and a path that is no table (`/dev/zero`) costs this much memory,
/// not its size.
const MAX_RATES_FILE: u64 = 1 << 20;

/// The text of a rates file, refused past [`MAX_RATES_FILE`].
fn read_rates(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RATES_FILE + 1).read_to_string(&mut text))
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_RATES_FILE {
        return Err(format!("longer than {MAX_RATES_FILE} octets"));
    }
    Ok(text)
}

/// The kinds' names, for an error.
fn kind_names() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses every name with `parse`, or says which one is unknown and which
/// are known.
fn parse_all<T>(
    names: &[String],
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    known: &str,
) -> Result<Vec<T>, String> {
    names
        .iter()
        .map(|n| parse(n).ok_or_else(|| format!("unknown {what} `{n}` (known: {known})")))
        .collect()
}

pub fn print_json<T: Serialize>(out: &mut impl Write, rows: &[T]) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The table: rank, domain, kind, priority, score, then `extra` columns
/// (with their heads), then the reason.
pub fn print_table_with(
    out: &mut impl Write,
    variants: &[&Variant],
    heads: &[&str],
    extra: impl Fn(usize) -> Vec<String>,
) -> io::Result<()> {
    let width = variants
        .iter()
        .map(|v| v.unicode().chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let rows: Vec<Vec<String>> = (0..variants.len()).map(&extra).collect();
    let widths: Vec<usize> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
                .max(h.chars().count())
        })
        .collect();
    write!(
        out,
        "{:>4}  {:<width$}  {:<16}  {:>8}  {:>5}  ",
        "rank", "domain", "kind", "priority", "score"
    )?;
    for (h, w) in heads.iter().zip(&widths) {
        write!(out, "{h:<w$}  ")?;
    }
    writeln!(out, "reason")?;
    for (i, v) in variants.iter().enumerate() {
        let pad = width - v.unicode().chars().count();
        write!(
            out,
            "{:>4}  {}{}  {:<16}  {:>8.3}  {:>5.3}  ",
            i + 1,
            v.unicode(),
            " ".repeat(pad),
            v.kind.name(),
            v.priority,
            v.score,
        )?;
        for (cell, w) in rows[i].iter().zip(&widths) {
            write!(out, "{cell:<w$}  ")?;
        }
        writeln!(out, "{}", v.reason())?;
    }
    Ok(())
}

/// CSV with a header row: rank, domain (ASCII), unicode, kind, priority,
/// score, then `extra` columns, then the reason.
pub fn print_csv(
    out: &mut impl Write,
    variants: &[&Variant],
    heads: &[&str],
    extra: impl Fn(usize) -> Vec<String>,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let mut head = vec!["rank", "domain", "unicode", "kind", "priority", "score"];
    head.extend_from_slice(heads);
    head.push("reason");
    csv.write_record(&head)?;
    for (i, v) in variants.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            v.domain().to_owned(),
            v.unicode().to_owned(),
            v.kind.name().to_owned(),
            format!("{:.4}", v.priority),
            format!("{:.4}", v.score),
        ];
        row.extend(extra(i));
        row.push(v.reason().to_owned());
        csv.write_record(&row)?;
    }
    csv.flush()
}

/// The names alone, ASCII form, one a line: for another tool's input.
pub fn print_list(out: &mut impl Write, variants: &[&Variant]) -> io::Result<()> {
    for v in variants {
        writeln!(out, "{}", v.domain())?;
    }
    Ok(())
}
