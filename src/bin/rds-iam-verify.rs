//! The local stand-in for RDS's IAM login check: PAM hands it the login user
//! (argument) and the password (stdin, whole — tokens from temporary
//! credentials are 1–2 KB); it accepts only a valid token for that user,
//! this server's host and port, within its validity window, signed by a
//! known key (and, for temporary credentials, with a session token that key
//! accepts). Exit 0 accepts; anything else refuses, with one log line on
//! stderr that never shows the token or a secret.
//!
//! ```text
//! rds-iam-verify --config /path/config.json --user alice < token
//! ```
//!
//! Config (JSON): `{ "hostname": "localhost", "port": 5432, "skewSeconds": 300,
//! "keys": [{ "accessKeyId": "AKIA...", "secretAccessKey": "...",
//! "sessionTokens": ["..."] }] }`. A key with `sessionTokens` is temporary:
//! its tokens must carry one of them.

use std::{
    io::{Read, Write},
    process::ExitCode,
    time::{SystemTime, UNIX_EPOCH},
};

use rds_iam_edge::{verify, Expectations, DEFAULT_SKEW_SECONDS};
use serde::Deserialize;

/// Longer than any token a real login sends; more is refused unread.
const MAX_TOKEN_BYTES: u64 = 16 * 1024;
/// Far above any real config (a few keys); more is refused unread.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Config {
    hostname: Option<String>,
    port: Option<u16>,
    skew_seconds: Option<u32>,
    keys: Vec<Key>,
    /// Also append each decision line here (daemons like PgBouncer drop stderr).
    log_file: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Key {
    access_key_id: String,
    secret_access_key: String,
    #[serde(default)]
    session_tokens: Vec<String>,
}

struct Args {
    config: String,
    user: String,
}

fn parse_args() -> Result<Args, &'static str> {
    let mut config = None;
    let mut user = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--config" => config = args.next(),
            "--user" => user = args.next(),
            _ => return Err("usage: rds-iam-verify --config FILE --user USER < token"),
        }
    }
    Ok(Args { config: config.ok_or("--config is required")?, user: user.ok_or("--user is required")? })
}

fn load(path: &str) -> Result<Config, String> {
    // A regular file only: opening a FIFO would block, a device never end.
    // Checked before opening (open(2) itself blocks on a FIFO) and after.
    let unreadable = |e: std::io::Error| format!("cannot read config: {}", e.kind());
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err("cannot read config: not a regular file".to_owned());
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err("cannot read config: not a regular file".to_owned());
    }
    let mut raw = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut raw).map_err(unreadable)?;
    if raw.len() as u64 > MAX_CONFIG_BYTES {
        return Err(format!("cannot read config: larger than {MAX_CONFIG_BYTES} bytes"));
    }
    let config: Config = serde_json::from_slice(&raw).map_err(|e| config_error(&e))?;
    validate(&config)?;
    Ok(config)
}

/// The most clock skew a config may allow: beyond it "not yet valid" means nothing.
const MAX_SKEW_SECONDS: u32 = 3600;

/// What serde's types cannot say. Each mistake is named by its place
/// (`keys[1].secretAccessKey`), never by a value: an empty secret would let
/// anyone forge that key's tokens (the HMAC key is then public), two
/// entries for one access key id make the secret a matter of order, and an
/// empty session token would accept a token carrying none worth the name.
fn validate(config: &Config) -> Result<(), String> {
    let bad = |what: String| Err(format!("bad config: {what}"));
    if config.hostname.as_deref().is_some_and(str::is_empty) {
        return bad("hostname is empty".to_owned());
    }
    if config.port == Some(0) {
        return bad("port must be 1 to 65535".to_owned());
    }
    if config.skew_seconds.is_some_and(|s| s > MAX_SKEW_SECONDS) {
        return bad(format!("skewSeconds must be at most {MAX_SKEW_SECONDS}"));
    }
    if config.keys.is_empty() {
        return bad("keys is empty".to_owned());
    }
    for (i, key) in config.keys.iter().enumerate() {
        let id = &key.access_key_id;
        if id.is_empty() || id.len() > 128 || !id.bytes().all(|b| b.is_ascii_graphic() && b != b'/') {
            return bad(format!("keys[{i}].accessKeyId must be 1 to 128 printable ASCII characters without '/'"));
        }
        if key.secret_access_key.is_empty() {
            return bad(format!("keys[{i}].secretAccessKey is empty"));
        }
        if key.session_tokens.iter().any(String::is_empty) {
            return bad(format!("keys[{i}].sessionTokens holds an empty token"));
        }
        if config.keys[..i].iter().any(|other| other.access_key_id == *id) {
            return bad(format!("keys[{i}].accessKeyId is listed twice"));
        }
    }
    Ok(())
}

/// Where and what kind of mistake, never its text: serde's messages quote
/// the offending value (`invalid type: string "<a secret>"`) or key.
fn config_error(e: &serde_json::Error) -> String {
    let kind = match e.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Data => "a field is unknown, missing or of the wrong type",
        serde_json::error::Category::Eof => "JSON that ends too early",
    };
    format!("bad config: {kind} (line {}, column {})", e.line(), e.column())
}

fn read_token() -> Result<String, &'static str> {
    let mut raw = Vec::new();
    std::io::stdin().take(MAX_TOKEN_BYTES + 1).read_to_end(&mut raw).map_err(|_| "cannot read the password")?;
    if raw.len() as u64 > MAX_TOKEN_BYTES {
        return Err("password longer than any token");
    }
    let text = String::from_utf8(raw).map_err(|_| "password is not UTF-8")?;
    Ok(text.trim_end_matches(['\n', '\r', '\0']).to_owned())
}

/// `Ok(())` accepts; `Err((code, reason))` refuses.
fn check(config: &Config, user: &str, token: &str, now_ms: i64) -> Result<(), (&'static str, &'static str)> {
    let expect = Expectations {
        username: Some(user),
        hostname: config.hostname.as_deref(),
        port: config.port,
        skew_seconds: config.skew_seconds.unwrap_or(DEFAULT_SKEW_SECONDS),
    };
    let key_of = |akid: &str| config.keys.iter().find(|k| k.access_key_id == akid);
    let verified = verify(token, |akid| key_of(akid).map(|k| k.secret_access_key.as_str()), now_ms, &expect)
        .map_err(|e| (e.code().as_str(), e.reason()))?;
    // The core cannot check a session token (RDS asks STS); this stand-in
    // knows which ones each temporary key accepts.
    let key = key_of(&verified.info().access_key_id).ok_or(("UNKNOWN_ACCESS_KEY", "no such key"))?;
    match (verified.has_session_token(), key.session_tokens.is_empty()) {
        (false, true) => Ok(()),
        (false, false) => Err(("SESSION_TOKEN_REQUIRED", "temporary credentials need their session token")),
        (true, true) => Err(("UNKNOWN_SESSION_TOKEN", "this key takes no session token")),
        (true, false) if key.session_tokens.iter().any(|t| verified.session_token_is(t)) => Ok(()),
        (true, false) => Err(("UNKNOWN_SESSION_TOKEN", "session token not accepted for this key")),
    }
}

/// The log file for appending, if it is a regular file or absent: opening a
/// FIFO for writing blocks until someone reads it, and the login would wait
/// on that (until PAM's deadline refuses it).
fn open_log(path: &str) -> Option<std::fs::File> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return None,
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return None,
        _ => {}
    }
    let file = std::fs::OpenOptions::new().create(true).append(true).open(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

/// One line per decision; the token is shown only by its length.
fn log(log_file: Option<&str>, user: &str, token_len: usize, outcome: Result<(), (&str, &str)>) {
    let user: String = user.chars().filter(|c| !c.is_control()).take(64).collect();
    let line = match outcome {
        Ok(()) => format!("rds-iam-verify: accept user={user:?} token=<redacted, {token_len} bytes>"),
        Err((code, reason)) => {
            format!("rds-iam-verify: reject user={user:?} code={code} reason=\"{reason}\" token=<redacted, {token_len} bytes>")
        }
    };
    eprintln!("{line}");
    if let Some(path) = log_file {
        if let Some(mut file) = open_log(path) {
            // One write per line: concurrent checkers append whole lines.
            let _ = file.write_all(format!("{line}\n").as_bytes());
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(usage) => {
            eprintln!("rds-iam-verify: {usage}");
            return ExitCode::from(2);
        }
    };
    let config = match load(&args.config) {
        Ok(config) => config,
        Err(why) => {
            eprintln!("rds-iam-verify: {why}");
            return ExitCode::from(2);
        }
    };
    let token = match read_token() {
        Ok(token) => token,
        Err(why) => {
            log(config.log_file.as_deref(), &args.user, 0, Err(("INVALID_TOKEN", why)));
            return ExitCode::FAILURE;
        }
    };
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    let outcome = check(&config, &args.user, &token, now_ms);
    log(config.log_file.as_deref(), &args.user, token.len(), outcome);
    if outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot set up should stop there
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn config(json: &str) -> Result<Config, String> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("rds-iam-verify-test-{}-{n}.json", std::process::id()));
        std::fs::write(&path, json).unwrap();
        let loaded = load(path.to_str().unwrap());
        std::fs::remove_file(&path).unwrap();
        loaded
    }

    fn key(id: &str, secret: &str) -> String {
        format!(r#"{{"accessKeyId": "{id}", "secretAccessKey": "{secret}"}}"#)
    }

    #[test]
    fn a_fifo_as_log_file_is_skipped_not_waited_on() {
        let dir = std::env::temp_dir().join(format!("rds-iam-verify-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("log");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // Without a reader, opening it for writing would block this test forever.
        assert!(open_log(fifo.to_str().unwrap()).is_none());
        let file = dir.join("plain.log");
        assert!(open_log(file.to_str().unwrap()).is_some(), "an absent file is created");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_good_config_loads() {
        let c = config(&format!(
            r#"{{"hostname": "h", "port": 5432, "skewSeconds": 300, "keys": [{}]}}"#,
            key("AKIDEXAMPLE", SECRET)
        ));
        assert!(c.is_ok(), "{:?}", c.err());
    }

    #[test]
    fn hostile_configs_are_refused_by_place_never_by_value() {
        let cases = [
            (format!(r#"{{"keys": [{}]}}"#, key("AKIDEXAMPLE", "")), "keys[0].secretAccessKey is empty"),
            (format!(r#"{{"keys": [{}]}}"#, key("", SECRET)), "keys[0].accessKeyId"),
            (format!(r#"{{"keys": [{}]}}"#, key("AKID/X", SECRET)), "keys[0].accessKeyId"),
            (
                format!(r#"{{"keys": [{}, {}]}}"#, key("AKIDEXAMPLE", SECRET), key("AKIDEXAMPLE", "other")),
                "keys[1].accessKeyId is listed twice",
            ),
            (
                format!(
                    r#"{{"keys": [{{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "{SECRET}", "sessionTokens": [""]}}]}}"#
                ),
                "keys[0].sessionTokens holds an empty token",
            ),
            (r#"{"keys": []}"#.to_owned(), "keys is empty"),
            (format!(r#"{{"hostname": "", "keys": [{}]}}"#, key("AKIDEXAMPLE", SECRET)), "hostname is empty"),
            (format!(r#"{{"port": 0, "keys": [{}]}}"#, key("AKIDEXAMPLE", SECRET)), "port"),
            (format!(r#"{{"skewSeconds": 4000000000, "keys": [{}]}}"#, key("AKIDEXAMPLE", SECRET)), "skewSeconds"),
        ];
        for (json, expected) in cases {
            let error = config(&json).err().unwrap_or_else(|| panic!("accepted: {json}"));
            assert!(error.contains(expected), "{error} (wanted {expected})");
            assert!(!error.contains(SECRET) && !error.contains("AKIDEXAMPLE") && !error.contains("other"), "{error}");
        }
    }
}
