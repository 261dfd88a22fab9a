//! The wasm boundary itself, run by `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome`: every golden case through the
//! packed-buffer functions the exports call, and the error codes they give.
#![cfg(target_arch = "wasm32")]

use rds_iam_edge::wasm::{
    endpoint_region, error_codes, identity_digest, inspect_token, kind_table, pack, sign_token, verify_token, Fields,
    TokenSigner,
};
use rds_iam_edge::Error;
use serde::Deserialize;
use wasm_bindgen_test::wasm_bindgen_test;

// The `flags` bits of src/wasm.rs.
const PORT: u32 = 1;
const EXPIRES: u32 = 2;
const ADMIN_GIVEN: u32 = 4;
const ADMIN: u32 = 8;
const SERVERLESS_GIVEN: u32 = 16;
const SERVERLESS: u32 = 32;

/// One call's packed strings and number arguments, as js/src/wasm.ts makes them.
struct Packed {
    strings: Vec<u8>,
    port: f64,
    expires_in: f64,
    flags: u32,
}

#[allow(clippy::too_many_arguments)]
fn packed(
    service: &str,
    host: &str,
    port: Option<f64>,
    user: Option<&str>,
    region: &str,
    akid: &str,
    secret: &str,
    session: Option<&str>,
    expires_in: Option<f64>,
    admin: Option<bool>,
    serverless: Option<bool>,
) -> Packed {
    let mut strings = Vec::new();
    for text in [Some(service), Some(host), user, Some(region), Some(akid), session, Some(secret)] {
        pack(&mut strings, text);
    }
    let mut flags = 0;
    flags |= if port.is_some() { PORT } else { 0 };
    flags |= if expires_in.is_some() { EXPIRES } else { 0 };
    flags |= admin.map_or(0, |a| ADMIN_GIVEN | if a { ADMIN } else { 0 });
    flags |= serverless.map_or(0, |s| SERVERLESS_GIVEN | if s { SERVERLESS } else { 0 });
    Packed { strings, port: port.unwrap_or(0.0), expires_in: expires_in.unwrap_or(0.0), flags }
}

fn text(bytes: Result<Vec<u8>, Error>) -> Result<String, String> {
    bytes.map(|b| String::from_utf8(b).expect("utf-8")).map_err(|e| e.to_string())
}

#[derive(Deserialize)]
struct Case {
    id: String,
    kind: String,
    host: String,
    port: Option<u16>,
    region: String,
    user: Option<String>,
    action: String,
    #[serde(rename = "accessKeyId")]
    access_key_id: String,
    #[serde(rename = "secretAccessKey")]
    secret_access_key: String,
    #[serde(rename = "sessionToken")]
    session_token: Option<String>,
    epoch_ms: f64,
    #[serde(rename = "expiresIn")]
    expires_in: f64,
    #[serde(default)]
    serverless: Option<bool>,
    expected_token: String,
}

fn cases() -> Vec<Case> {
    let cases: Vec<Case> = serde_json::from_str(include_str!("data/tokens/tokens.json")).expect("vectors parse");
    assert!(cases.len() >= 48);
    cases
}

/// The golden cases whose input signs: those keyed in `refused.json`
/// (inputs a kind's naming rules refuse) are left out.
fn signable_cases() -> Vec<Case> {
    let refused: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("data/tokens/refused.json")).expect("refused parse");
    cases().into_iter().filter(|case| !refused.contains_key(&case.id)).collect()
}

impl Case {
    fn admin(&self) -> Option<bool> {
        (self.kind == "dsql").then(|| self.action == "DbConnectAdmin")
    }

    fn serverless(&self) -> Option<bool> {
        (self.kind == "elasticache").then(|| self.serverless == Some(true))
    }

    fn packed(&self) -> Packed {
        self.packed_with_secret(&self.secret_access_key)
    }

    fn sign(&self) -> Result<String, String> {
        let p = self.packed();
        text(sign_token(&p.strings, p.port, p.expires_in, p.flags, self.epoch_ms))
    }

    /// This case's input with another secret.
    fn packed_with_secret(&self, secret: &str) -> Packed {
        packed(
            &self.kind,
            &self.host,
            self.port.map(f64::from),
            self.user.as_deref(),
            &self.region,
            &self.access_key_id,
            secret,
            self.session_token.as_deref(),
            Some(self.expires_in),
            self.admin(),
            self.serverless(),
        )
    }

    fn signer(&self) -> Result<TokenSigner, Error> {
        let p = self.packed();
        TokenSigner::new(&p.strings, p.port, p.expires_in, p.flags)
    }
}

/// The code and field of a failure (`CODE/field`), or `OK`.
fn code(result: Result<impl Sized, Error>) -> String {
    match result {
        Ok(_) => "OK".into(),
        Err(e) => format!("{}/{}", e.code().as_str(), e.field().unwrap_or_default()),
    }
}

fn verify(
    token: &str,
    keys: &[(&str, &str)],
    now: f64,
    user: Option<&str>,
    host: Option<&str>,
    port: Option<f64>,
) -> String {
    let mut strings = Vec::new();
    for text in [Some(token), None, user, host] {
        pack(&mut strings, text);
    }
    for (id, secret) in keys {
        pack(&mut strings, Some(id));
        pack(&mut strings, Some(secret));
    }
    code(verify_token(&strings, now, port.unwrap_or(0.0), 300.0, if port.is_some() { PORT } else { 0 }))
}

fn inspect(token: &str) -> Result<Vec<Option<String>>, Error> {
    let mut input = Vec::new();
    pack(&mut input, Some(token));
    let out = inspect_token(&input)?;
    let mut fields = Fields::new(&out);
    let mut all = Vec::new();
    while !fields.is_empty() {
        all.push(fields.optional()?.map(str::to_owned));
    }
    Ok(all)
}

#[wasm_bindgen_test]
fn sign_token_matches_every_golden_case() {
    for case in signable_cases() {
        assert_eq!(case.sign(), Ok(case.expected_token.clone()), "{}", case.id);
    }
}

/// signToken's module key cache: every golden case again in reverse order
/// (hits, misses, evictions), and the same access key id with another
/// secret or session token never gets the first one's key.
#[wasm_bindgen_test]
fn sign_token_key_cache_keeps_identities_apart() {
    let cases = signable_cases();
    for case in cases.iter().chain(cases.iter().rev()) {
        assert_eq!(case.sign(), Ok(case.expected_token.clone()), "{}", case.id);
    }
    let base = cases.iter().find(|c| c.kind == "rds").expect("an rds case");
    let sign = |secret: &str, session: Option<&str>| {
        let p = packed(
            &base.kind,
            &base.host,
            base.port.map(f64::from),
            base.user.as_deref(),
            &base.region,
            &base.access_key_id,
            secret,
            session,
            Some(base.expires_in),
            None,
            None,
        );
        text(sign_token(&p.strings, p.port, p.expires_in, p.flags, base.epoch_ms)).expect("signs")
    };
    let keys = |secret: &'static str| [(base.access_key_id.as_str(), secret)];
    let now = base.epoch_ms + 1000.0;
    for (secret, session) in
        [("secret-one", None), ("secret-two", None), ("secret-one", Some("session")), ("secret-two", Some("session"))]
    {
        let token = sign(secret, session);
        assert_eq!(sign(secret, session), token, "the same identity again");
        assert_eq!(verify(&token, &keys(secret), now, None, None, None), "OK");
        let other = if secret == "secret-one" { "secret-two" } else { "secret-one" };
        assert_eq!(verify(&token, &keys(other), now, None, None, None), "SIGNATURE_MISMATCH/");
    }
}

/// signToken's last layout is reused only for the same input but the
/// secret: each case signed twice in a row, then again with one part
/// changed at a time (host, user, region, access key id, port, lifetime,
/// a flag, a session token, the secret, the time), always as a fresh
/// TokenSigner signs it; an input refused after a reusable one is refused.
#[wasm_bindgen_test]
fn sign_token_reuses_its_layout_only_for_the_same_input() {
    for case in signable_cases() {
        let variants = [
            (case.host.clone(), case.user.clone(), case.region.clone(), case.access_key_id.clone()),
            (format!("x{}", case.host), case.user.clone(), case.region.clone(), case.access_key_id.clone()),
            (
                case.host.clone(),
                case.user.as_ref().map(|u| format!("{u}x")),
                case.region.clone(),
                case.access_key_id.clone(),
            ),
            (case.host.clone(), case.user.clone(), "eu-west-3".to_owned(), case.access_key_id.clone()),
            (case.host.clone(), case.user.clone(), case.region.clone(), format!("{}X", case.access_key_id)),
        ];
        for (host, user, region, akid) in &variants {
            for (secret, session, expires_in, port_shift, admin, at) in [
                ("secret-one", None, case.expires_in, 0.0, case.admin(), case.epoch_ms),
                ("secret-one", None, case.expires_in, 0.0, case.admin(), case.epoch_ms),
                ("secret-two", None, case.expires_in, 0.0, case.admin(), case.epoch_ms),
                ("secret-two", None, case.expires_in - 1.0, 0.0, case.admin(), case.epoch_ms),
                ("secret-two", None, case.expires_in, 1.0, case.admin(), case.epoch_ms),
                ("secret-two", None, case.expires_in, 0.0, case.admin().map(|a| !a), case.epoch_ms),
                ("secret-two", Some("session"), case.expires_in, 0.0, case.admin(), case.epoch_ms),
                ("secret-two", None, case.expires_in, 0.0, case.admin(), case.epoch_ms + 86_400_000.0),
                ("secret-one", None, case.expires_in, 0.0, case.admin(), case.epoch_ms),
            ] {
                let p = packed(
                    &case.kind,
                    host,
                    case.port.map(|port| f64::from(port) + port_shift),
                    user.as_deref(),
                    region,
                    akid,
                    secret,
                    session,
                    Some(expires_in),
                    admin,
                    case.serverless(),
                );
                let expected = TokenSigner::new(&p.strings, p.port, p.expires_in, p.flags).map(|s| text(s.sign(at)));
                let signed = sign_token(&p.strings, p.port, p.expires_in, p.flags, at);
                match expected {
                    Ok(expected) => assert_eq!(text(signed), expected, "{} {host} {secret} {session:?}", case.id),
                    Err(e) => assert_eq!(code(signed), code(Err::<(), _>(e)), "{} {host}", case.id),
                }
            }
        }
        // The same input with an empty secret after a reusable one.
        let p = case.packed();
        assert!(sign_token(&p.strings, p.port, p.expires_in, p.flags, case.epoch_ms).is_ok());
        let empty = case.packed_with_secret("");
        assert_eq!(
            code(sign_token(&empty.strings, empty.port, empty.expires_in, empty.flags, case.epoch_ms)),
            "INVALID_CREDENTIALS/credentials.secretAccessKey",
            "{}",
            case.id
        );
    }
}

#[wasm_bindgen_test]
fn token_signer_matches_every_golden_case() {
    for case in signable_cases() {
        let signer = case.signer().unwrap_or_else(|e| panic!("{}: {e}", case.id));
        for _ in 0..2 {
            assert_eq!(text(signer.sign(case.epoch_ms)), Ok(case.expected_token.clone()), "{}", case.id);
        }
    }
}

#[wasm_bindgen_test]
fn inspect_and_verify_every_golden_case() {
    for case in cases() {
        let fields = inspect(&case.expected_token).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert_eq!(fields.len(), 11, "{}", case.id);
        assert_eq!(fields[0].as_deref(), Some(case.kind.as_str()), "{}", case.id);
        assert_eq!(fields[2].as_deref(), Some(case.host.as_str()), "{}", case.id);
        assert_eq!(fields[4], case.user.clone().filter(|_| case.kind != "dsql"), "{}", case.id);
        assert_eq!(fields[6].as_deref(), Some(case.access_key_id.as_str()), "{}", case.id);
        let keys = [(case.access_key_id.as_str(), case.secret_access_key.as_str())];
        let now = case.epoch_ms + 1000.0;
        let port = case.port.map(f64::from);
        assert_eq!(
            verify(&case.expected_token, &keys, now, case.user.as_deref(), Some(&case.host), port),
            "OK",
            "{}",
            case.id
        );
        let expired = now + case.expires_in * 1000.0;
        assert_eq!(verify(&case.expected_token, &keys, expired, None, None, None), "EXPIRED/", "{}", case.id);
    }
}

#[wasm_bindgen_test]
fn bad_inputs_give_their_code_and_field() {
    let sign = |service: &str,
                host: &str,
                port: Option<f64>,
                user: Option<&str>,
                region: &str,
                akid: &str,
                expires: Option<f64>,
                admin: Option<bool>,
                now: f64| {
        let p = packed(service, host, port, user, region, akid, "secret", None, expires, admin, None);
        code(sign_token(&p.strings, p.port, p.expires_in, p.flags, now))
    };
    let ok = |port| sign("rds", "db.example.com", port, Some("u"), "us-east-1", "AKID", None, None, 0.0);
    assert_eq!(ok(Some(5432.0)), "OK");
    assert_eq!(ok(Some(0.0)), "INVALID_PORT/port");
    assert_eq!(ok(Some(65536.0)), "INVALID_PORT/port");
    assert_eq!(ok(Some(5432.5)), "INVALID_PORT/port");
    assert_eq!(ok(Some(f64::NAN)), "INVALID_PORT/port");
    assert_eq!(ok(None), "INVALID_PORT/port");
    assert_eq!(sign("mysql", "h", None, None, "us-east-1", "AKID", None, None, 0.0), "INVALID_SERVICE/service");
    assert_eq!(
        sign("rds", "https://h", Some(1.0), Some("u"), "us-east-1", "AKID", None, None, 0.0),
        "INVALID_HOSTNAME/hostname"
    );
    assert_eq!(
        sign("rds", "h", Some(1.0), Some(""), "us-east-1", "AKID", None, None, 0.0),
        "INVALID_USERNAME/username"
    );
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east1", "AKID", None, None, 0.0), "INVALID_REGION/region");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "", "AKID", None, None, 0.0), "REGION_UNAVAILABLE/region");
    assert_eq!(
        sign("rds", "db.abc.eu-west-1.rds.amazonaws.com", Some(1.0), Some("u"), "", "AKID", None, None, 0.0),
        "OK"
    );
    let region = |host: &str| {
        let mut input = Vec::new();
        pack(&mut input, Some(host));
        text(endpoint_region(&input))
    };
    assert_eq!(region("db.abc.eu-west-1.rds.amazonaws.com"), Ok("eu-west-1".into()));
    assert_eq!(region("db.example.com"), Ok(String::new()));
    assert_eq!(
        sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "", None, None, 0.0),
        "INVALID_CREDENTIALS/credentials.accessKeyId"
    );
    assert_eq!(
        sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", Some(901.0), None, 0.0),
        "INVALID_EXPIRES_IN/expiresIn"
    );
    assert_eq!(
        sign("dsql", "h", None, None, "us-east-1", "AKID", Some(604_801.0), None, 0.0),
        "INVALID_EXPIRES_IN/expiresIn"
    );
    assert_eq!(sign("dsql", "h", None, Some("u"), "us-east-1", "AKID", None, None, 0.0), "NOT_APPLICABLE/username");
    assert_eq!(
        sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", None, Some(true), 0.0),
        "NOT_APPLICABLE/admin"
    );
    for now in [-1.0, f64::NAN, f64::INFINITY, 1e300] {
        assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", None, None, now), "INVALID_TIME/now");
    }
    assert_eq!(code(inspect("not a token")), "INVALID_TOKEN/token");
}

#[wasm_bindgen_test]
fn malformed_packing_is_refused_not_misread() {
    let p = packed("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", "s", None, None, None, None);
    for cut in [0, 3, 5, p.strings.len() - 1] {
        assert_eq!(code(sign_token(&p.strings[..cut], 1.0, 0.0, PORT, 0.0)), "INVALID_INPUT/", "cut at {cut}");
    }
    let mut extra = p.strings.clone();
    pack(&mut extra, Some("more"));
    assert_eq!(code(sign_token(&extra, 1.0, 0.0, PORT, 0.0)), "INVALID_INPUT/");
    let mut not_utf8 = Vec::new();
    not_utf8.extend_from_slice(&2u32.to_le_bytes());
    not_utf8.extend_from_slice(&[0xff, 0xfe]);
    assert_eq!(code(inspect_token(&not_utf8)), "INVALID_INPUT/");
}

#[wasm_bindgen_test]
fn the_kind_table_and_error_codes_cross_the_boundary() {
    assert_eq!(
        String::from_utf8(kind_table()).expect("utf-8"),
        "rds\trds-db\tconnect\t\tDBUser\t1\t1\t0\t0\t900\n\
         dsql\tdsql\tDbConnect\tDbConnectAdmin\t\t0\t1\t0\t0\t604800\n\
         elasticache\telasticache\tconnect\t\tUser\t0\t0\t1\t1\t900\n\
         memorydb\tmemorydb\tconnect\t\tUser\t0\t0\t0\t0\t900\n"
    );
    let codes = String::from_utf8(error_codes()).expect("utf-8");
    // The core's one list, in its order (the index is what crosses).
    assert!(codes.lines().eq(rds_iam_edge::ErrorCode::ALL.iter().map(|c| c.as_str())));
    assert!(codes.lines().any(|c| c == "REGION_UNAVAILABLE") && codes.lines().any(|c| c == "WASM_UNAVAILABLE"));
}

#[wasm_bindgen_test]
fn identity_digest_is_the_cores_and_tells_identities_apart() {
    let digest = |key: &str, secret: &str, session: Option<&str>| {
        let mut input = Vec::new();
        for text in [Some(key), Some("AKIDEXAMPLE"), Some(secret), session] {
            pack(&mut input, text);
        }
        text(identity_digest(&input)).expect("a digest")
    };
    let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let native = rds_iam_edge::identity_digest_hex(key.as_bytes(), "AKIDEXAMPLE", "secret", None);
    assert_eq!(digest(key, "secret", None).as_bytes(), native.as_slice());
    assert_ne!(digest(key, "secret", None), digest(key, "secreT", None));
    assert_ne!(digest(key, "secret", None), digest(key, "secret", Some("session")));
    assert_ne!(digest(key, "secret", None), digest("another key of at least 32 bytes!", "secret", None));
}
