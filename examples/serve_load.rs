//! Load on `lookalike serve`: many clients, each on one keep-alive HTTP/1.1
//! connection, asking `/v1/check` back to back; latency percentiles and
//! requests per second.
//!
//! ```text
//! lookalike serve --listen 127.0.0.1:8080 --protect protected.txt &
//! cargo run --release --example serve_load -- 127.0.0.1:8080 --clients 100 --requests 1000
//! ```
//!
//! Each request checks one name, in turn `someone@army.ml`, `paypa1.com`,
//! `example.org` and `https://login.paypal.com.evil.io/`; every answer must
//! be a 200 with a `results` array, or the run fails. Standard library only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const NAMES: [&str; 4] = [
    "someone@army.ml",
    "paypa1.com",
    "example.org",
    "https://login.paypal.com.evil.io/",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = args
        .first()
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let flag = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (clients, requests) = (flag("--clients", 100), flag("--requests", 1000));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || client(&addr, c, requests))
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::with_capacity(clients * requests);
    for t in threads {
        latencies.extend(t.join().expect("a client failed"));
    }
    let wall = start.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{} requests from {clients} clients in {:.2} s: {:.0} requests/s; p50 {:?}, p99 {:?}, p99.9 {:?}",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64(),
        at(0.5),
        at(0.99),
        at(0.999)
    );
}

/// One client: `requests` requests on one connection; their latencies.
fn client(addr: &str, id: usize, requests: usize) -> Vec<Duration> {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    let mut out = Vec::with_capacity(requests);
    for i in 0..requests {
        let body = format!(r#"{{"inputs":["{}"]}}"#, NAMES[(id + i) % NAMES.len()]);
        let request = format!(
            "POST /v1/check HTTP/1.1\r\nHost: load\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        writer.write_all(request.as_bytes()).expect("send");
        let (status, answer) = read_response(&mut reader);
        out.push(sent.elapsed());
        assert_eq!(status, 200, "{answer}");
        assert!(answer.contains("\"results\""), "{answer}");
    }
    out
}

/// The status and body of one response (`Content-Length` framing).
fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, String) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    (status, String::from_utf8_lossy(&body).into_owned())
}
