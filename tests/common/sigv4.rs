//! The `aws-sigv4` crate (the Rust SDK's signer) as an independent oracle:
//! query-presigns a `GET /` with one signed header, `host`, as botocore and
//! the SDKs do for database tokens, with any lifetime (so tests can make
//! tokens this crate refuses to sign, e.g. a week-long RDS token).
//!
//! How the oracle is made to sign exactly a token's canonical request:
//! - `host`: the oracle derives the host from the URI and drops default ports
//!   (443 for https), where the JS SDK and this crate sign `host:port` as
//!   given, upper case kept. So the oracle gets an explicit `host` header
//!   (which it uses as is when present), and the URI's own authority is a
//!   fixed placeholder that plays no part in the signature.
//! - query: the oracle parses the URI query with `form_urlencoded` (where `+`
//!   means space) and re-encodes it with the RFC 3986 unreserved set, so the
//!   operation parameters are handed to it fully percent-encoded by [`pct`]
//!   (not the crate's own encoder).
//! - payload: `SignableBody::Bytes(&[])`, whose hash is the empty-payload
//!   SHA-256 the token's canonical request carries.
//! - session token: `SessionTokenMode::Include` puts `X-Amz-Security-Token`
//!   into the signed query, as database tokens need.
//! - path `/` is unaffected by normalisation or double encoding, but both are
//!   turned off so nothing but the query and host can vary.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode,
};
use aws_smithy_runtime_api::client::identity::Identity;

/// One request to presign.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The `host` header exactly as signed (`host:port` for RDS).
    pub host: &'a str,
    /// Operation parameters, raw.
    pub params: Vec<(&'a str, &'a str)>,
    pub signing_name: &'a str,
    pub region: &'a str,
    pub access_key_id: &'a str,
    pub secret: &'a str,
    pub session_token: Option<&'a str>,
    pub now_ms: i64,
    pub expires_in: u64,
}

/// Percent-encodes every byte outside RFC 3986's unreserved set; written
/// here so the oracle's input does not depend on the crate's encoder.
pub fn pct(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The signature, and every query parameter (raw, sorted) of the presigned request.
pub fn presign(request: &Request<'_>) -> (String, Vec<(String, String)>) {
    let query: Vec<String> = request.params.iter().map(|(k, v)| format!("{}={}", pct(k), pct(v))).collect();
    let uri = format!("https://oracle.invalid/?{}", query.join("&"));

    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(Duration::from_secs(request.expires_in));
    settings.session_token_mode = SessionTokenMode::Include;
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;

    let identity: Identity = aws_credential_types::Credentials::new(
        request.access_key_id,
        request.secret,
        request.session_token.map(str::to_owned),
        None,
        "test",
    )
    .into();
    let time: SystemTime = UNIX_EPOCH + Duration::from_millis(request.now_ms as u64);
    let signing_params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(request.region)
        .name(request.signing_name)
        .time(time)
        .settings(settings)
        .build()
        .expect("oracle signing params")
        .into();
    let signable = SignableRequest::new("GET", uri, [("host", request.host)].into_iter(), SignableBody::Bytes(&[]))
        .expect("oracle request");
    let output = sign(signable, &signing_params).expect("oracle signs");

    let mut all: Vec<(String, String)> =
        request.params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    all.extend(output.output().params().iter().map(|(k, v)| ((*k).to_owned(), v.to_string())));
    all.sort();
    (output.signature().to_owned(), all)
}

/// The presigned request as a token: `host/?` and every parameter,
/// encoded, in sorted order (as the JS SDK writes them).
pub fn token(request: &Request<'_>) -> String {
    let (_, params) = presign(request);
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", pct(k), pct(v))).collect();
    format!("{}/?{}", request.host, query.join("&"))
}
