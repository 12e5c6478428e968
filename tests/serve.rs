//! `lookalike serve` over loopback: each endpoint answers, malformed and
//! oversized requests get an error answer, and the service keeps serving.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Service {
    child: Child,
    addr: String,
    list: std::path::PathBuf,
}

impl Service {
    fn start(protected: &str) -> Service {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let list =
            std::env::temp_dir().join(format!("lookalike-serve-{}-{n}.txt", std::process::id()));
        std::fs::write(&list, protected).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--max-batch",
                "100",
                "--max-body",
                "65536",
                "--protect",
            ])
            .arg(&list)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let addr = first
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_owned();
        assert!(first.contains("listening on"), "{first}");
        // Keep draining the log so the service never blocks on it.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = stderr.read_to_string(&mut sink);
        });
        Service { child, addr, list }
    }

    /// One HTTP/1.1 request; the status and the body.
    fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(body);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = answer
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        (status, body)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.list);
    }
}

#[test]
fn check_names_the_target_with_its_reason() {
    let service = Service::start("army.mil\npaypal.com\n");
    let (status, body) = service.request(
        "POST",
        "/v1/check",
        br#"{"inputs":["someone@army.ml","example.org","not a name"]}"#,
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["input"], "someone@army.ml");
    assert_eq!(results[0]["matches"][0]["target"], "army.mil");
    assert!(
        results[0]["matches"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("Mali")
    );
    assert_eq!(results[1]["matches"].as_array().unwrap().len(), 0);
    assert!(results[2]["error"].is_string());
}

#[test]
fn message_variants_compare_and_health() {
    let service = Service::start("paypal.com\n");
    let raw = b"From: \"PayPal\" <service@paypa1-secure.com>\r\nSubject: x\r\n\r\nhi\r\n";
    let (status, body) = service.request("POST", "/v1/message", raw);
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let places: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["place"].as_str().unwrap())
        .collect();
    assert!(
        places.contains(&"from") && places.contains(&"display_name"),
        "{body}"
    );
    let (status, body) = service.request("GET", "/v1/variants/army.mil?top=3", b"");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["variants"].as_array().unwrap().len(), 3);
    assert_eq!(v["variants"][0]["domain"], "army.ml");
    let (status, body) = service.request("GET", "/v1/compare?a=paypa1.com&b=paypal.com", b"");
    assert_eq!(status, 200);
    assert!(body.contains("homoglyph"), "{body}");
    assert_eq!(service.request("GET", "/healthz", b"").0, 200);
}

#[test]
fn bad_requests_get_errors_and_the_service_goes_on() {
    let service = Service::start("paypal.com\n");
    let (status, body) = service.request("POST", "/v1/check", b"{not json");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("error"), "{body}");
    let many = format!(r#"{{"inputs":[{}]}}"#, vec!["\"a.com\""; 101].join(","));
    assert_eq!(service.request("POST", "/v1/check", many.as_bytes()).0, 413);
    let huge = vec![b'a'; 100_000];
    assert_eq!(service.request("POST", "/v1/message", &huge).0, 413);
    assert_eq!(service.request("GET", "/nowhere", b"").0, 404);
    // A client that sends half a request and stops holds only itself.
    let mut slow = TcpStream::connect(&service.addr).unwrap();
    slow.write_all(b"POST /v1/check HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"inp")
        .unwrap();
    let (status, body) = service.request("POST", "/v1/check", br#"{"inputs":["paypa1.com"]}"#);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("paypal.com"));
    drop(slow);
}

#[test]
fn sighup_reloads_the_lists() {
    let service = Service::start("paypal.com\n");
    let ask = || {
        service
            .request("POST", "/v1/check", br#"{"inputs":["army.ml"]}"#)
            .1
    };
    assert!(!ask().contains("army.mil"));
    std::fs::write(&service.list, "paypal.com\narmy.mil\n").unwrap();
    let pid = service.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !ask().contains("army.mil") {
        assert!(
            std::time::Instant::now() < deadline,
            "not reloaded: {}",
            ask()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
