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
//!   or any supervisor keeps, next to Postfix's own log. A logger thread
//!   writes them in batches, so no connection waits on the log. SIGTERM and
//!   SIGINT write out what is buffered and stop the service.

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

/// How long the logger thread lets a batch of lines gather before writing.
const LOG_BATCH: Duration = Duration::from_millis(10);

/// Past this many buffered octets, the thread that logs writes the batch.
const LOG_MAX: usize = 1 << 20;

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
    #[command(flatten)]
    lists: Lists,
    /// What to answer for a lookalike.
    #[arg(long, value_enum, default_value_t = Action::Hold)]
    action: Action,
    /// Which addresses to check, comma-separated: recipient, sender.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "recipient")]
    check: Vec<Role>,
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

/// Runs the service until SIGTERM or SIGINT (exit status 0). Exit status 2
/// when the lists do not load, the address cannot be bound, or signals cannot
/// be set up.
pub fn run(args: PolicyArgs) -> ExitCode {
    let lists = Lists {
        // A mail service takes a list whole or not at all: a bad line
        // refuses it at start, and on SIGHUP keeps the lists in force, so
        // that an edit never silently drops a protected name.
        strict: true,
        ..args.lists
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
    if let Err(e) = start_logger() {
        return fail(&format!("cannot start the logger thread: {e}"));
    }
    // Watch for signals before saying we listen: from then on a SIGHUP
    // reloads, and must not end the process.
    if let Err(e) = handle_signals(Arc::clone(&shared)) {
        return fail(&format!("cannot watch for signals: {e}"));
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

/// Log lines not yet written, and the logger thread's wake-up call.
struct LogBuffer {
    text: Mutex<String>,
    ready: Condvar,
    /// Held while a batch is taken and written, so batches keep their order.
    write: Mutex<()>,
}

static LOG: LogBuffer = LogBuffer {
    text: Mutex::new(String::new()),
    ready: Condvar::new(),
    write: Mutex::new(()),
};

/// Logs one line on standard error.
///
/// Lines are appended to a buffer that the logger thread writes out in
/// batches ([`LOG_BATCH`] after the first line of a batch), so a connection
/// neither queues for the standard error lock nor wakes a thread per line:
/// under load a write to a file or pipe costs more than a check, and a
/// hundred threads writing in turn made the slowest answers ten times
/// slower. A buffer past [`LOG_MAX`] octets (the log cannot keep up) is
/// written by the thread that filled it, so nothing is dropped and memory
/// stays bounded.
fn log(message: &str) {
    let mut text = LOG.text.lock().unwrap_or_else(PoisonError::into_inner);
    let was_empty = text.is_empty();
    text.push_str("lookalike policy: ");
    text.push_str(message);
    text.push('\n');
    let full = text.len() >= LOG_MAX;
    drop(text);
    if full {
        flush_log();
    } else if was_empty {
        LOG.ready.notify_one();
    }
}

/// Writes out whatever is buffered.
fn flush_log() {
    let _writing = LOG.write.lock().unwrap_or_else(PoisonError::into_inner);
    let batch = std::mem::take(&mut *LOG.text.lock().unwrap_or_else(PoisonError::into_inner));
    if !batch.is_empty() {
        let _ = io::stderr().lock().write_all(batch.as_bytes());
    }
}

/// Starts the logger thread: it sleeps until a line arrives, lets the batch
/// gather for [`LOG_BATCH`], and writes it out.
fn start_logger() -> io::Result<()> {
    thread::Builder::new().name("policy-log".into()).spawn(|| {
        loop {
            let mut text = LOG.text.lock().unwrap_or_else(PoisonError::into_inner);
            while text.is_empty() {
                text = LOG.ready.wait(text).unwrap_or_else(PoisonError::into_inner);
            }
            drop(text);
            thread::sleep(LOG_BATCH);
            flush_log();
        }
    })?;
    Ok(())
}

/// Starts the thread that handles signals: SIGHUP rebuilds the matcher;
/// SIGTERM and SIGINT write out the log and end the process with status 0,
/// as a supervisor stopping the service expects.
#[cfg(unix)]
fn handle_signals(shared: Arc<Shared>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGINT, SIGTERM])?;
    thread::Builder::new()
        .name("policy-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if signal == SIGHUP {
                    reload(&shared);
                } else {
                    log(&format!("stopping on signal {signal}"));
                    flush_log();
                    std::process::exit(0);
                }
            }
        })?;
    Ok(())
}

/// Without Unix signals there is nothing to watch: the lists load once.
#[cfg(not(unix))]
fn handle_signals(_shared: Arc<Shared>) -> io::Result<()> {
    Ok(())
}

#[cfg_attr(not(unix), allow(dead_code))]
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
        // Answer first, log after: the SMTP client waits for the answer, not
        // for the log.
        let mut writer = stream;
        let answered = writer.write_all(decision.answer().as_bytes());
        log(&decision.log_line(&request));
        if let Err(e) = answered {
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
