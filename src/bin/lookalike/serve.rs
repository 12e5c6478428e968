//! `lookalike serve` (feature `serve`): the check as an HTTP JSON service,
//! for filters that ask over the network (an rspamd module, a proxy).
//!
//! - `POST /v1/check`, body `{"inputs": [...]}` (names, hosts, addresses,
//!   URLs): `{"results": [...]}`, one per input, in order, each with its
//!   `matches` or its `error`;
//! - `POST /v1/message`, body a raw RFC 5322 message (and
//!   `?envelope_sender=` when known): `{"findings": [...]}` from
//!   `lookalike::mail::check_message`;
//! - `GET /v1/variants/{domain}?top=N`: the ranked variants (100 by default);
//! - `GET /v1/compare?a=A&b=B`: how A imitates B, or `null`;
//! - `GET /healthz`: `ok`.
//!
//! Limits: a body of at most `--max-body` octets, a batch of at most
//! `--max-batch` inputs, `--timeout-ms` for the work of one request; past
//! them, and on malformed requests, an error answer (`{"error": ...}` with
//! a 4xx or 5xx status), never a stopped service. The lists are read as
//! `policy` reads them (a bad line refuses them), and again on SIGHUP; a
//! reload that fails keeps the lists in force. One log line per finding on
//! standard error.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Args;
use lookalike::{Generator, Matcher};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::check::{self, Lists};
use crate::fail;

#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen (`HOST:PORT`); port 0 picks a free port, and the
    /// first log line says which.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: String,
    #[command(flatten)]
    lists: Lists,
    /// The most inputs in one `/v1/check` request.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_batch: usize,
    /// The largest request body, in octets (a message included).
    #[arg(long, value_name = "OCTETS", default_value_t = 16 << 20)]
    max_body: usize,
    /// The longest one request's work may take, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    timeout_ms: u64,
}

/// What every request shares.
struct Shared {
    /// The current matcher; SIGHUP swaps it.
    matcher: RwLock<Arc<Matcher>>,
    generator: Generator,
    lists: Lists,
    max_batch: usize,
    timeout: Duration,
}

impl Shared {
    fn matcher(&self) -> Arc<Matcher> {
        match self.matcher.read() {
            Ok(m) => Arc::clone(&m),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }
}

pub fn run(args: &ServeArgs) -> ExitCode {
    // A bad list line refuses the lists, at start and on SIGHUP, as
    // `policy` does.
    let lists = Lists {
        strict: true,
        ..args.lists.clone()
    };
    let matcher = match check::matcher(&lists) {
        Ok(m) => m,
        Err(message) => return fail(&message),
    };
    let shared = Arc::new(Shared {
        matcher: RwLock::new(Arc::new(matcher)),
        generator: Generator::default(),
        lists,
        max_batch: args.max_batch,
        timeout: Duration::from_millis(args.timeout_ms),
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("no runtime: {e}")),
    };
    let listen = args.listen.clone();
    let max_body = args.max_body;
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&listen).await {
            Ok(l) => l,
            Err(e) => return fail(&format!("{listen}: {e}")),
        };
        let addr = listener
            .local_addr()
            .map_or_else(|_| listen.clone(), |a: SocketAddr| a.to_string());
        eprintln!("lookalike serve: listening on {addr}");
        tokio::spawn(reload_on_hangup(Arc::clone(&shared)));
        let app = Router::new()
            .route("/healthz", get(|| async { "ok\n" }))
            .route("/v1/check", post(check_inputs))
            .route("/v1/message", post(check_raw_message))
            .route("/v1/variants/{domain}", get(variants))
            .route("/v1/compare", get(compare))
            .fallback(|| async { error(StatusCode::NOT_FOUND, "no such endpoint") })
            .layer(DefaultBodyLimit::max(max_body))
            .with_state(shared);
        match axum::serve(listener, app)
            .with_graceful_shutdown(terminated())
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        }
    })
}

/// SIGTERM or SIGINT: stop taking connections, finish the requests in hand.
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

/// Re-reads the lists on each SIGHUP; a failed reload keeps the old ones.
async fn reload_on_hangup(shared: Arc<Shared>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        eprintln!("lookalike serve: SIGHUP cannot be caught; no reloads");
        return;
    };
    while hangups.recv().await.is_some() {
        let lists = Arc::clone(&shared);
        let built = tokio::task::spawn_blocking(move || check::matcher(&lists.lists)).await;
        match built {
            Ok(Ok(matcher)) => {
                let targets = matcher.len();
                if let Ok(mut slot) = shared.matcher.write() {
                    *slot = Arc::new(matcher);
                }
                eprintln!("lookalike serve: reloaded on SIGHUP, {targets} targets");
            }
            Ok(Err(message)) => {
                eprintln!("lookalike serve: reload on SIGHUP failed, lists kept: {message}");
            }
            Err(e) => eprintln!("lookalike serve: reload on SIGHUP failed: {e}"),
        }
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// Runs `work` off the async threads, within the request time limit.
async fn blocking<T: Send + 'static>(
    shared: &Shared,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    match tokio::time::timeout(shared.timeout, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, "the check failed")),
        Err(_) => Err(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took too long",
        )),
    }
}

#[derive(Deserialize)]
struct CheckRequest {
    inputs: Vec<String>,
}

#[derive(Serialize)]
struct Brief {
    target: String,
    kind: &'static str,
    score: f64,
    reason: String,
}

async fn check_inputs(
    State(shared): State<Arc<Shared>>,
    request: Result<Json<CheckRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(request) = match request {
        Ok(r) => r,
        Err(rejection) => return error(rejection.status(), &rejection.body_text()),
    };
    if request.inputs.len() > shared.max_batch {
        let message = format!(
            "{} inputs; at most {} a request",
            request.inputs.len(),
            shared.max_batch
        );
        return error(StatusCode::PAYLOAD_TOO_LARGE, &message);
    }
    let matcher = shared.matcher();
    let results = blocking(&shared, move || {
        request
            .inputs
            .iter()
            .map(|input| match matcher.check(input) {
                Ok(hits) => {
                    for m in &hits {
                        eprintln!(
                            "lookalike serve: {input:?} imitates {} ({} {:.3}): {}",
                            m.target,
                            m.kind.name(),
                            m.score,
                            m.reason
                        );
                    }
                    let matches: Vec<Brief> = hits
                        .into_iter()
                        .map(|m| Brief {
                            target: m.target,
                            kind: m.kind.name(),
                            score: m.score,
                            reason: m.reason,
                        })
                        .collect();
                    json!({ "input": input, "matches": matches })
                }
                Err(e) => json!({ "input": input, "error": e.to_string() }),
            })
            .collect::<Vec<Value>>()
    })
    .await;
    match results {
        Ok(results) => Json(json!({ "results": results })).into_response(),
        Err(response) => response,
    }
}

#[derive(Deserialize)]
struct MessageQuery {
    envelope_sender: Option<String>,
}

async fn check_raw_message(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<MessageQuery>,
    body: axum::body::Bytes,
) -> Response {
    let matcher = shared.matcher();
    let found = blocking(&shared, move || {
        lookalike::mail::check_message(&matcher, &body, query.envelope_sender.as_deref())
    })
    .await;
    match found {
        Ok(findings) => {
            for f in &findings {
                eprintln!(
                    "lookalike serve: message {:?} {:?} imitates {} ({:.3}): {}",
                    f.place, f.text, f.target, f.score, f.reason
                );
            }
            Json(json!({ "findings": findings })).into_response()
        }
        Err(response) => response,
    }
}

#[derive(Deserialize)]
struct VariantsQuery {
    top: Option<usize>,
}

/// The most variants one request returns.
const MAX_TOP: usize = 10_000;

async fn variants(
    State(shared): State<Arc<Shared>>,
    Path(domain): Path<String>,
    Query(query): Query<VariantsQuery>,
) -> Response {
    let top = query.top.unwrap_or(100).min(MAX_TOP);
    let worker = Arc::clone(&shared);
    let found = blocking(&shared, move || worker.generator.variants(&domain)).await;
    match found {
        Ok(Ok(mut variants)) => {
            let total = variants.len();
            variants.truncate(top);
            Json(json!({ "total": total, "variants": variants })).into_response()
        }
        Ok(Err(e)) => error(StatusCode::BAD_REQUEST, &e.to_string()),
        Err(response) => response,
    }
}

#[derive(Deserialize)]
struct CompareQuery {
    a: String,
    b: String,
}

async fn compare(State(shared): State<Arc<Shared>>, Query(q): Query<CompareQuery>) -> Response {
    match blocking(&shared, move || lookalike::compare(&q.a, &q.b)).await {
        Ok(Ok(assessment)) => Json(json!({ "assessment": assessment })).into_response(),
        Ok(Err(e)) => error(StatusCode::BAD_REQUEST, &e.to_string()),
        Err(response) => response,
    }
}
