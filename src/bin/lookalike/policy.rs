//! `lookalike policy`: a Postfix policy service that holds mail to lookalike
//! domains.
//!
//! Mail meant for `army.mil` and typed as `army.ml` leaves through an
//! ordinary mail server, which has no reason to doubt it. Postfix can ask an
//! outside service about each recipient (`check_policy_service`); this is
//! that service. It answers `HOLD` (or `REJECT`, `DEFER_IF_PERMIT`, `WARN`)
//! with the reason for a recipient that imitates a protected domain, and
//! `DUNNO` (no opinion: Postfix goes on with its other rules) otherwise.
//!
//! The protocol itself lives in `policy_protocol.rs`; this file serves it:
//!
//! - **One thread per connection, at most `--max-connections` of them.**
//!   Postfix keeps one connection per SMTP server process and sends a
//!   request per recipient, so connections are few and long-lived. Blocking
//!   threads keep the code plain, and a check takes microseconds. At the cap,
//!   new connections wait in the kernel's listen queue until one closes,
//!   rather than being refused.
//! - **Time limits.** A connection idle for `--idle-timeout` seconds between
//!   requests is closed (the default, 330 s, outlasts Postfix's own
//!   `smtpd_policy_service_max_idle` of 300 s, so Postfix normally closes
//!   first). Once a request has begun, the rest of it must arrive within
//!   [`REQUEST_TIMEOUT`], and an answer must be taken within the same time.
//! - **Nothing a client sends can stop the service.** A malformed request is
//!   logged and its connection closed (see `policy_protocol.rs`); other
//!   connections are untouched, and no input reaches an `unwrap`.
//! - **SIGHUP reloads the lists** (`--protect`, `--protect-suffix`,
//!   `--allow`) without closing a connection: the new matcher is built aside
//!   and swapped in; each request uses whichever matcher was current when it
//!   arrived. A list that fails to load keeps the old matcher, and the log
//!   says why.
//! - **One log line per decision on standard error**, which systemd's journal
//!   or any supervisor keeps, next to Postfix's own log.

use std::cell::Cell;
use std::io::{self, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use clap::Args;
use lookalike::Matcher;

use crate::check::{self, Lists};
use crate::policy_protocol::{Action, Malformed, Policy, Role, decide, read_request};

/// How long the rest of a request may take once its first line arrived, and
/// how long writing an answer may block.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long to pause after `accept` fails (out of file descriptors, say)
/// before trying again, so a persistent failure does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The options of `lookalike policy`.
#[derive(Args, Debug)]
pub struct PolicyArgs {
    /// Where to listen (`HOST:PORT`). Port 0 picks a free port; the first log
    /// line says which.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:10040")]
    listen: String,
    /// A file of protected domains, one a line (`#` comments; `.mil`
    /// protects a suffix). Repeatable; re-read on SIGHUP.
    #[arg(long, value_name = "FILE")]
    protect: Vec<String>,
    /// A protected suffix (`mil`). Repeatable.
    #[arg(long, value_name = "S")]
    protect_suffix: Vec<String>,
    /// A file of known-good domains never to flag. Repeatable; re-read on
    /// SIGHUP.
    #[arg(long, value_name = "FILE")]
    allow: Vec<String>,
    /// What to answer for a lookalike.
    #[arg(long, value_enum, default_value_t = Action::Hold)]
    action: Action,
    /// Which addresses to check, comma-separated: recipient, sender.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "recipient")]
    check: Vec<Role>,
    /// Act only on matches scoring at least this (0 to 1). The default
    /// spares near-misses inside closed suffixes (`amy.mil` is no one's to
    /// register) while catching `army.ml` (0.93) and `army.com` (0.75).
    #[arg(long, default_value_t = 0.5)]
    min_score: f64,
    /// The most connections served at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 512)]
    max_connections: usize,
    /// Close a connection idle this many seconds between requests.
    #[arg(long, value_name = "SECONDS", default_value_t = 330)]
    idle_timeout: u64,
}

/// What every connection shares.
struct Shared {
    /// The current matcher; SIGHUP swaps it.
    matcher: RwLock<Arc<Matcher>>,
    lists: Lists,
    policy: Policy,
    idle: Duration,
    slots: Slots,
}

/// Runs the service until it is killed. Exit status 2 when the lists do not
/// load, the address cannot be bound, or signals cannot be set up.
pub fn run(args: PolicyArgs) -> ExitCode {
    let lists = Lists {
        protect: args.protect,
        protect_suffix: args.protect_suffix,
        allow: args.allow,
        min_score: args.min_score,
    };
    let matcher = match check::matcher(&lists) {
        Ok(m) => m,
        Err(message) => return fail(&message),
    };
    if args.check.is_empty() || args.max_connections == 0 || args.idle_timeout == 0 {
        return fail("--check, --max-connections and --idle-timeout must not be empty or 0");
    }
    let listener = match TcpListener::bind(&args.listen) {
        Ok(l) => l,
        Err(e) => return fail(&format!("cannot listen on {}: {e}", args.listen)),
    };
    let local = listener
        .local_addr()
        .map_or_else(|_| args.listen.clone(), |a| a.to_string());
    let policy = Policy {
        action: args.action,
        recipient: args.check.contains(&Role::Recipient),
        sender: args.check.contains(&Role::Sender),
    };
    let shared = Arc::new(Shared {
        matcher: RwLock::new(Arc::new(matcher)),
        lists,
        policy,
        idle: Duration::from_secs(args.idle_timeout),
        slots: Slots::new(args.max_connections),
    });
    // Watch for SIGHUP before saying we listen: from then on a SIGHUP
    // reloads, and must not end the process.
    if let Err(e) = reload_on_hangup(Arc::clone(&shared)) {
        return fail(&format!("cannot watch for SIGHUP: {e}"));
    }
    log(&format!(
        "listening on {local}; {} targets protected; answering {} for lookalikes of the {}",
        current(&shared).len(),
        args.action.verb(),
        [
            (shared.policy.recipient, "recipient"),
            (shared.policy.sender, "sender"),
        ]
        .iter()
        .filter_map(|&(on, name)| on.then_some(name))
        .collect::<Vec<_>>()
        .join(" and ")
    ));
    accept_forever(&listener, &shared)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("lookalike: {message}");
    ExitCode::from(2)
}

/// Writes one line to standard error in one `write`, so lines from
/// concurrent connections never interleave.
fn log(message: &str) {
    let line = format!("lookalike policy: {message}\n");
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Starts the thread that rebuilds the matcher on each SIGHUP.
fn reload_on_hangup(shared: Arc<Shared>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGHUP])?;
    thread::Builder::new()
        .name("policy-reload".into())
        .spawn(move || {
            for _ in signals.forever() {
                reload(&shared);
            }
        })?;
    Ok(())
}

fn reload(shared: &Shared) {
    let started = Instant::now();
    match check::matcher(&shared.lists) {
        Ok(matcher) => {
            let n = matcher.len();
            *shared
                .matcher
                .write()
                .unwrap_or_else(PoisonError::into_inner) = Arc::new(matcher);
            log(&format!(
                "reloaded on SIGHUP: {n} targets protected (built in {} ms)",
                started.elapsed().as_millis()
            ));
        }
        Err(message) => {
            let kept = current(shared).len();
            log(&format!(
                "reload on SIGHUP failed, still protecting the previous {kept} targets: {message}"
            ));
        }
    }
}

fn current(shared: &Shared) -> Arc<Matcher> {
    Arc::clone(
        &shared
            .matcher
            .read()
            .unwrap_or_else(PoisonError::into_inner),
    )
}

fn accept_forever(listener: &TcpListener, shared: &Arc<Shared>) -> ExitCode {
    loop {
        let slot = Slots::acquire(shared);
        let (stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) => {
                log(&format!("accept failed: {e}"));
                drop(slot);
                thread::sleep(ACCEPT_BACKOFF);
                continue;
            }
        };
        let conn_shared = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("policy-conn".into())
            .spawn(move || {
                serve(&conn_shared, &stream, peer);
                drop(slot);
            });
        if let Err(e) = spawned {
            // The closure, with the stream and the slot, is dropped: the
            // connection closes and its slot frees.
            log(&format!("cannot start a thread for {peer}: {e}"));
            thread::sleep(ACCEPT_BACKOFF);
        }
    }
}

/// Serves one connection until it closes, times out or breaks the protocol.
fn serve(shared: &Shared, stream: &TcpStream, peer: SocketAddr) {
    // Answers are one write each; don't let Nagle hold them back.
    let _ = stream.set_nodelay(true);
    if let Err(e) = stream.set_write_timeout(Some(REQUEST_TIMEOUT)) {
        log(&format!("closing {peer}: {e}"));
        return;
    }
    let deadline = Cell::new(None);
    let mut reader = BufReader::new(Timed {
        stream,
        idle: shared.idle,
        deadline: &deadline,
        current: None,
    });
    let mut buf = Vec::with_capacity(512);
    loop {
        let got = read_request(&mut reader, &mut buf, &mut || {
            deadline.set(Some(Instant::now() + REQUEST_TIMEOUT));
        });
        let in_request = deadline.take().is_some();
        let request = match got {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(e) => {
                let why = match &e {
                    Malformed::Io(io)
                        if matches!(
                            io.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                        ) =>
                    {
                        if in_request {
                            format!("request not finished within {REQUEST_TIMEOUT:?}")
                        } else {
                            format!("idle for {:?}", shared.idle)
                        }
                    }
                    other => other.to_string(),
                };
                log(&format!("closing {peer} without an answer: {why}"));
                return;
            }
        };
        let decision = decide(&current(shared), &shared.policy, &request);
        log(&decision.log_line(&request));
        let mut writer = stream;
        if let Err(e) = writer.write_all(decision.answer().as_bytes()) {
            log(&format!("closing {peer}: cannot answer: {e}"));
            return;
        }
    }
}

/// The socket as read: the idle time-out between requests, the time left of
/// [`REQUEST_TIMEOUT`] inside one. The time-out is set only when it changes,
/// so a request that arrives whole costs no extra system call.
struct Timed<'a> {
    stream: &'a TcpStream,
    idle: Duration,
    /// When the current request must be complete; `None` between requests.
    deadline: &'a Cell<Option<Instant>>,
    /// The time-out last set on the socket.
    current: Option<Duration>,
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = match self.deadline.get() {
            None => self.idle,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(io::ErrorKind::TimedOut.into());
                }
                left
            }
        };
        if self.current != Some(want) {
            self.stream.set_read_timeout(Some(want))?;
            self.current = Some(want);
        }
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// A counting semaphore over connections: the accept loop takes a slot
/// before accepting, each connection gives it back when it ends.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

/// A taken slot; dropping it gives it back.
struct Slot {
    shared: Arc<Shared>,
}

impl Slots {
    fn new(max: usize) -> Slots {
        Slots {
            free: Mutex::new(max),
            freed: Condvar::new(),
            max,
        }
    }

    /// Waits for a free slot. The first wait of each busy spell is logged.
    fn acquire(shared: &Arc<Shared>) -> Slot {
        let slots = &shared.slots;
        let mut free = slots.free.lock().unwrap_or_else(PoisonError::into_inner);
        if *free == 0 {
            log(&format!(
                "all {} connections busy; new ones wait to be accepted",
                slots.max
            ));
        }
        while *free == 0 {
            free = slots
                .freed
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Slot {
            shared: Arc::clone(shared),
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let slots = &self.shared.slots;
        let mut free = slots.free.lock().unwrap_or_else(PoisonError::into_inner);
        *free += 1;
        slots.freed.notify_one();
    }
}
