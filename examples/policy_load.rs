//! Load on a running `lookalike policy`: many concurrent clients, each
//! sending policy requests one after another on its own connection, as
//! Postfix's SMTP server processes do.
//!
//! A policy service sits on the mail path: every recipient waits for its
//! answer, so what matters is the latency of each answer under concurrency,
//! and that no request is ever lost, answered twice or answered for another.
//! Each client therefore checks every answer against the one its request
//! must get (HOLD for the lookalikes, DUNNO for the rest), and at the end
//! closes its side and checks that nothing more arrives.
//!
//! ```sh
//! cargo build --release --features cli --examples
//! printf 'army.mil\npaypal.com\n' > /tmp/protected.txt
//! target/release/lookalike policy --listen 127.0.0.1:10040 \
//!     --protect /tmp/protected.txt 2>/tmp/policy.log &
//! target/release/examples/policy_load 127.0.0.1:10040 --clients 100 --requests 1000
//! ```
//!
//! By default each client sends its next request as soon as the last is
//! answered: a saturation test, whose latency is mostly queueing behind the
//! other 99 clients on the same cores. `--rate R` instead paces each client
//! at R requests per second, as a mail server's steady traffic would. A paced
//! request that could not be sent on time, because the answer before it came
//! late, counts its latency from when it was due, so a stalled service cannot
//! hide its stall by delaying the requests that would have seen it.
//!
//! The service must protect `army.mil` and `paypal.com`. Exit status 1 when
//! any request went unanswered, was answered wrongly or twice.
//!
//! `policy_load serve-baseline` is the floor to compare with: a server that
//! does no work, a thread per connection that reads each request and writes
//! the answer it must get. It prints its address and serves until killed;
//! run the same clients against it (in its own process, as the service is:
//! threads of one process switch faster than threads of two) to see what the
//! machine itself costs (threads waking, loopback TCP), apart from
//! `lookalike`.
//!
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// The recipients sent in turn, and how each answer must begin.
const MIX: [(&str, &str); 4] = [
    ("someone@army.ml", "action=HOLD lookalike of army.mil: "),
    ("someone@army.mil", "action=DUNNO"),
    (
        "billing@paypa1.com",
        "action=HOLD lookalike of paypal.com: ",
    ),
    ("friend@example.org", "action=DUNNO"),
];

struct Options {
    addr: String,
    clients: usize,
    requests: usize,
    /// Requests per second per client; `None` for back to back.
    rate: Option<f64>,
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    /// Latency of each answered request, in nanoseconds.
    latencies: Vec<u64>,
    /// Requests with no answer (the connection failed first).
    lost: usize,
    /// Answers that were not the one the request must get.
    wrong: usize,
    /// Bytes that arrived after the last answer.
    extra: usize,
    errors: Vec<String>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("serve-baseline") {
        return match serve_baseline() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("baseline server: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!(
                "{message}\nusage: policy_load ADDR [--clients N] [--requests N] [--rate PER_SECOND]\n       policy_load serve-baseline"
            );
            return ExitCode::from(2);
        }
    };
    let options = Arc::new(options);
    let start_line = Arc::new(Barrier::new(options.clients + 1));
    let workers: Vec<_> = (0..options.clients)
        .map(|id| {
            let options = Arc::clone(&options);
            let start_line = Arc::clone(&start_line);
            thread::spawn(move || client(id, &options, &start_line))
        })
        .collect();
    start_line.wait();
    let started = Instant::now();
    let mut total = Tally::default();
    for worker in workers {
        let tally = worker.join().unwrap_or_else(|_| Tally {
            lost: options.requests,
            errors: vec!["a client panicked".into()],
            ..Tally::default()
        });
        total.latencies.extend(tally.latencies);
        total.lost += tally.lost;
        total.wrong += tally.wrong;
        total.extra += tally.extra;
        total.errors.extend(tally.errors);
    }
    let elapsed = started.elapsed();
    report(&options, &mut total, elapsed);
    if total.lost + total.wrong + total.extra == 0 && total.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        addr: args.next().ok_or("no ADDR")?,
        clients: 100,
        requests: 1000,
        rate: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let bad = || format!("bad value for {flag}: {value}");
        match flag.as_str() {
            "--clients" => options.clients = value.parse().map_err(|_| bad())?,
            "--requests" => options.requests = value.parse().map_err(|_| bad())?,
            "--rate" => options.rate = Some(value.parse().map_err(|_| bad())?),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if options.clients == 0 || options.rate.is_some_and(|r| r.is_nan() || r <= 0.0) {
        return Err("--clients and --rate must be positive".into());
    }
    Ok(options)
}

fn client(id: usize, options: &Options, start_line: &Barrier) -> Tally {
    let mut tally = Tally {
        latencies: Vec::with_capacity(options.requests),
        ..Tally::default()
    };
    let stream = TcpStream::connect(&options.addr);
    start_line.wait();
    let stream = match stream {
        Ok(s) => s,
        Err(e) => {
            tally.lost = options.requests;
            tally.errors.push(format!("client {id}: connect: {e}"));
            return tally;
        }
    };
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut writer = &stream;
    let mut answer = Vec::with_capacity(256);
    let begun = Instant::now();
    for i in 0..options.requests {
        let (recipient, expected) = MIX[(id + i) % MIX.len()];
        let request = format!(
            "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n\
             client_address=127.0.0.1\nqueue_id=L{id}N{i}\nsender=load@example.org\n\
             recipient={recipient}\n\n"
        );
        // Where this request's latency counts from: when it is sent, unless
        // the answer to the previous one came after this one was due; then
        // from when it was due, so that a stall is charged to the service.
        // (The client's own lateness in waking up is not.)
        let from = match options.rate {
            Some(rate) => {
                let due = begun + Duration::from_secs_f64(i as f64 / rate);
                match due.checked_duration_since(Instant::now()) {
                    Some(wait) => {
                        thread::sleep(wait);
                        Instant::now()
                    }
                    None => due,
                }
            }
            None => Instant::now(),
        };
        let outcome = writer
            .write_all(request.as_bytes())
            .and_then(|()| read_answer(&mut reader, &mut answer));
        let done = Instant::now();
        if let Err(e) = outcome {
            tally.lost = options.requests - i;
            tally.errors.push(format!("client {id}, request {i}: {e}"));
            return tally;
        }
        tally
            .latencies
            .push(u64::try_from(done.duration_since(from).as_nanos()).unwrap_or(u64::MAX));
        if !answer.starts_with(expected.as_bytes()) {
            tally.wrong += 1;
            if tally.wrong == 1 {
                tally.errors.push(format!(
                    "client {id}, request {i} for {recipient}: got {:?}",
                    String::from_utf8_lossy(&answer)
                ));
            }
        }
    }
    // Nothing may follow the last answer.
    let _ = stream.shutdown(Shutdown::Write);
    let mut rest = Vec::new();
    match reader.read_to_end(&mut rest) {
        Ok(_) => tally.extra = rest.len(),
        Err(e) => tally
            .errors
            .push(format!("client {id}: after the last answer: {e}")),
    }
    tally
}

/// Reads one answer (up to the empty line) into `answer`.
fn read_answer(reader: &mut impl BufRead, answer: &mut Vec<u8>) -> std::io::Result<()> {
    answer.clear();
    loop {
        let n = reader.read_until(b'\n', answer)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if answer.ends_with(b"\n\n") {
            return Ok(());
        }
    }
}

fn report(options: &Options, total: &mut Tally, elapsed: Duration) {
    let sent = options.clients * options.requests;
    let answered = total.latencies.len();
    total.latencies.sort_unstable();
    let at = |q: f64| {
        let n = total.latencies.len();
        if n == 0 {
            return 0.0;
        }
        let i = ((n as f64 * q).ceil() as usize).clamp(1, n) - 1;
        total.latencies[i] as f64 / 1000.0
    };
    let pacing = match options.rate {
        Some(r) => format!("each paced at {r} requests/s"),
        None => "back to back".to_owned(),
    };
    println!(
        "{} clients x {} requests, {pacing}, against {}",
        options.clients, options.requests, options.addr
    );
    println!(
        "requests: {sent} sent, {answered} answered, {} lost, {} answered wrongly, {} extra bytes after the last answers",
        total.lost, total.wrong, total.extra
    );
    println!(
        "latency (us): p50 {:.0}  p90 {:.0}  p99 {:.0}  p99.9 {:.0}  max {:.0}",
        at(0.50),
        at(0.90),
        at(0.99),
        at(0.999),
        at(1.0)
    );
    println!(
        "throughput: {:.0} requests/s over {:.2} s",
        answered as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    for e in total.errors.iter().take(10) {
        println!("error: {e}");
    }
}

/// Serves the do-nothing baseline on a free loopback port, printing its
/// address first, until killed.
fn serve_baseline() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("listening on {}", listener.local_addr()?);
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let stream = stream?;
        thread::spawn(move || {
            let _ = stream.set_nodelay(true);
            let mut reader = BufReader::new(&stream);
            let mut writer = &stream;
            let mut line = String::new();
            let mut answer = "action=DUNNO";
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if let Some(to) = line.trim_end().strip_prefix("recipient=") {
                    answer = MIX
                        .iter()
                        .find(|m| m.0 == to)
                        .map_or("action=DUNNO", |m| m.1);
                }
                if line == "\n" {
                    let reply = format!("{answer}\n\n");
                    if writer.write_all(reply.as_bytes()).is_err() {
                        return;
                    }
                }
            }
        });
    }
    Ok(())
}
