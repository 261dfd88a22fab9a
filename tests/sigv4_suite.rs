//! The official SigV4 test suite's query-signing cases (vendored under
//! `tests/data/sigv4/`, Apache-2.0): canonical request, string to sign and
//! signature, step by step, through the crate's shared presigner.

use std::path::{Path, PathBuf};

use rds_iam_edge::{
    sigv4::{CredentialScope, Presign, SigningKey},
    SigningTime,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Context {
    credentials: ContextCredentials,
    expiration_in_seconds: u32,
    region: String,
    service: String,
    timestamp: String,
}

#[derive(Debug, Deserialize)]
struct ContextCredentials {
    access_key_id: String,
    secret_access_key: String,
    token: Option<String>,
}

/// The request line's query and the `Host` header of `request.txt`.
#[derive(Debug)]
struct Request {
    host: String,
    params: Vec<(String, String)>,
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4")
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("read tests/data/sigv4")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(dir: &Path, file: &str) -> String {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()));
    text.trim_end_matches(['\n', '\r']).to_owned()
}

/// `GET /?k=v&k2=v2 HTTP/1.1` then headers; query components may be
/// percent-encoded in the file, and the presigner takes raw values.
fn parse_request(text: &str) -> Request {
    let mut lines = text.lines();
    let request_line = lines.next().expect("request line");
    let mut parts = request_line.split(' ');
    assert_eq!(parts.next(), Some("GET"), "method of {request_line:?}");
    let target = parts.next().expect("request target");
    let query = match target.split_once('?') {
        Some((path, query)) => {
            assert_eq!(path, "/", "path of {request_line:?}");
            query
        }
        None => {
            assert_eq!(target, "/", "path of {request_line:?}");
            ""
        }
    };
    let params = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            // The suite's request lines hold raw UTF-8 too: decode leniently.
            (lenient_decode(k), lenient_decode(v))
        })
        .collect();
    let host = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_owned())
        .expect("Host header");
    Request { host, params }
}

/// `2015-08-30T12:36:00Z` -> `20150830T123600Z`.
fn amz_date_of(timestamp: &str) -> String {
    timestamp.chars().filter(|c| *c != '-' && *c != ':').collect()
}

fn check_case(dir: &Path) {
    let name = dir.file_name().expect("case name").to_string_lossy().into_owned();
    let context: Context = serde_json::from_str(&read(dir, "context.json")).expect("context.json");
    let request = parse_request(&read(dir, "request.txt"));
    let amz_date = amz_date_of(&context.timestamp);
    let time =
        SigningTime::parse_amz_date(&amz_date).unwrap_or_else(|| panic!("{name}: timestamp {}", context.timestamp));
    let params: Vec<(&str, &str)> = request.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let presign = Presign {
        host: &request.host,
        params: &params,
        access_key_id: &context.credentials.access_key_id,
        session_token: context.credentials.token.as_deref(),
        region: &context.region,
        service: &context.service,
        time,
        expires_in: context.expiration_in_seconds,
    };

    let (_, canonical) = presign.canonical_request();
    assert_eq!(canonical.as_str(), read(dir, "query-canonical-request.txt"), "canonical request of {name}");

    let string_to_sign = presign.string_to_sign(&canonical);
    assert_eq!(string_to_sign.as_str(), read(dir, "query-string-to-sign.txt"), "string to sign of {name}");

    let amz = presign.amz_date();
    assert_eq!(amz.as_str(), amz_date, "X-Amz-Date of {name}");
    let key = SigningKey::derive(
        &context.credentials.secret_access_key,
        &CredentialScope::new(&amz, &context.region, &context.service),
    );
    assert_eq!(key.sign(&string_to_sign).to_hex(), read(dir, "query-signature.txt"), "signature of {name}");
}

#[test]
fn every_query_signing_case_matches_step_by_step() {
    let dirs = case_dirs();
    for dir in &dirs {
        check_case(dir);
    }
    assert!(dirs.len() >= 8, "expected at least 8 suite cases, ran {}", dirs.len());
}

#[test]
fn suite_is_vendored_with_its_license() {
    let dir = suite_dir();
    assert!(dir.join("LICENSE").is_file(), "LICENSE next to the vendored suite");
    assert!(dir.join("NOTICE").is_file(), "NOTICE next to the vendored suite");
}

fn lenient_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8().expect("utf-8 request line").into_owned()
}
