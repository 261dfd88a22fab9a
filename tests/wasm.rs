//! The wasm boundary itself, run by `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome`: every golden case through the flat
//! exports, and the error codes they throw.
#![cfg(target_arch = "wasm32")]

use rds_iam_edge::wasm::{endpoint_region, error_codes, identity_digest, inspect_token, kind_table, sign_token, verify_token, TokenSigner};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

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

    fn sign(&self) -> Result<String, JsValue> {
        sign_token(
            &self.kind,
            &self.host,
            self.port.map(f64::from),
            self.user.clone(),
            &self.region,
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            Some(self.expires_in),
            self.admin(),
            self.serverless(),
            self.epoch_ms,
        )
    }

    fn signer(&self) -> Result<TokenSigner, JsValue> {
        TokenSigner::new(
            &self.kind,
            &self.host,
            self.port.map(f64::from),
            self.user.clone(),
            &self.region,
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            Some(self.expires_in),
            self.admin(),
            self.serverless(),
        )
    }
}

/// The code a flat export threw (`CODE\tfield\treason`).
fn code(result: Result<impl Sized, JsValue>) -> String {
    match result {
        Ok(_) => "OK".into(),
        Err(thrown) => {
            let text = thrown.as_string().expect("errors are strings");
            let mut parts = text.split('\t');
            let code = parts.next().unwrap_or_default().to_owned();
            let field = parts.next().unwrap_or_default();
            format!("{code}/{field}")
        }
    }
}

#[wasm_bindgen_test]
fn sign_token_matches_every_golden_case() {
    for case in signable_cases() {
        assert_eq!(case.sign().map_err(|e| e.as_string()), Ok(case.expected_token.clone()), "{}", case.id);
    }
}

#[wasm_bindgen_test]
fn token_signer_matches_every_golden_case() {
    for case in signable_cases() {
        let signer = case.signer().unwrap_or_else(|e| panic!("{}: {:?}", case.id, e.as_string()));
        for _ in 0..2 {
            assert_eq!(signer.sign(case.epoch_ms).map_err(|e| e.as_string()), Ok(case.expected_token.clone()), "{}", case.id);
        }
    }
}

#[wasm_bindgen_test]
fn inspect_and_verify_every_golden_case() {
    for case in cases() {
        let fields = inspect_token(&case.expected_token).unwrap_or_else(|e| panic!("{}: {:?}", case.id, e.as_string()));
        assert_eq!(fields[0], case.kind, "{}", case.id);
        assert_eq!(fields[2], case.host, "{}", case.id);
        assert_eq!(fields[6], case.access_key_id, "{}", case.id);
        let keys = vec![case.access_key_id.clone(), case.secret_access_key.clone()];
        let now = case.epoch_ms + 1000.0;
        assert_eq!(code(verify_token(&case.expected_token, keys.clone(), None, now, case.user.clone(), Some(case.host.clone()), case.port.map(f64::from), 300.0)), "OK", "{}", case.id);
        let expired = now + case.expires_in * 1000.0;
        assert_eq!(code(verify_token(&case.expected_token, keys, None, expired, None, None, None, 300.0)), "EXPIRED/", "{}", case.id);
    }
}

#[wasm_bindgen_test]
fn bad_inputs_throw_their_code_and_field() {
    let sign = |service: &str, host: &str, port: Option<f64>, user: Option<&str>, region: &str, akid: &str, expires: Option<f64>, admin: Option<bool>, now: f64| {
        code(sign_token(service, host, port, user.map(str::to_owned), region, akid, "secret", None, expires, admin, None, now))
    };
    let ok = |port| sign("rds", "db.example.com", port, Some("u"), "us-east-1", "AKID", None, None, 0.0);
    assert_eq!(ok(Some(5432.0)), "OK");
    assert_eq!(ok(Some(0.0)), "INVALID_PORT/port");
    assert_eq!(ok(Some(65536.0)), "INVALID_PORT/port");
    assert_eq!(ok(Some(5432.5)), "INVALID_PORT/port");
    assert_eq!(ok(Some(f64::NAN)), "INVALID_PORT/port");
    assert_eq!(ok(None), "INVALID_PORT/port");
    assert_eq!(sign("mysql", "h", None, None, "us-east-1", "AKID", None, None, 0.0), "INVALID_SERVICE/service");
    assert_eq!(sign("rds", "https://h", Some(1.0), Some("u"), "us-east-1", "AKID", None, None, 0.0), "INVALID_HOSTNAME/hostname");
    assert_eq!(sign("rds", "h", Some(1.0), Some(""), "us-east-1", "AKID", None, None, 0.0), "INVALID_USERNAME/username");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east1", "AKID", None, None, 0.0), "INVALID_REGION/region");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "", "AKID", None, None, 0.0), "REGION_UNAVAILABLE/region");
    assert_eq!(sign("rds", "db.abc.eu-west-1.rds.amazonaws.com", Some(1.0), Some("u"), "", "AKID", None, None, 0.0), "OK");
    assert_eq!(endpoint_region("db.abc.eu-west-1.rds.amazonaws.com"), "eu-west-1");
    assert_eq!(endpoint_region("db.example.com"), "");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "", None, None, 0.0), "INVALID_CREDENTIALS/credentials.accessKeyId");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", Some(901.0), None, 0.0), "INVALID_EXPIRES_IN/expiresIn");
    assert_eq!(sign("dsql", "h", None, None, "us-east-1", "AKID", Some(604_801.0), None, 0.0), "INVALID_EXPIRES_IN/expiresIn");
    assert_eq!(sign("dsql", "h", None, Some("u"), "us-east-1", "AKID", None, None, 0.0), "NOT_APPLICABLE/username");
    assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", None, Some(true), 0.0), "NOT_APPLICABLE/admin");
    for now in [-1.0, f64::NAN, f64::INFINITY, 1e300] {
        assert_eq!(sign("rds", "h", Some(1.0), Some("u"), "us-east-1", "AKID", None, None, now), "INVALID_TIME/now");
    }
    assert_eq!(code(inspect_token("not a token")), "INVALID_TOKEN/token");
}

#[wasm_bindgen_test]
fn the_kind_table_and_error_codes_cross_the_boundary() {
    assert_eq!(
        kind_table(),
        "rds\trds-db\tconnect\t\tDBUser\t1\t1\t0\t0\t900\n\
         dsql\tdsql\tDbConnect\tDbConnectAdmin\t\t0\t1\t0\t0\t604800\n\
         elasticache\telasticache\tconnect\t\tUser\t0\t0\t1\t1\t900\n\
         memorydb\tmemorydb\tconnect\t\tUser\t0\t0\t0\t0\t900\n"
    );
    let codes = error_codes();
    assert_eq!(codes.lines().count(), 24);
    assert!(codes.lines().any(|c| c == "REGION_UNAVAILABLE") && codes.lines().any(|c| c == "INTERNAL_ERROR"));
}

#[wasm_bindgen_test]
fn identity_digest_is_the_cores_and_tells_identities_apart() {
    let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let digest = identity_digest(key, "AKIDEXAMPLE", "secret", "");
    let native = rds_iam_edge::identity_digest_hex(key.as_bytes(), "AKIDEXAMPLE", "secret", None);
    assert_eq!(digest.as_bytes(), native.as_slice());
    assert_ne!(digest, identity_digest(key, "AKIDEXAMPLE", "secreT", ""));
    assert_ne!(digest, identity_digest(key, "AKIDEXAMPLE", "secret", "session"));
    assert_ne!(digest, identity_digest("another key of at least 32 bytes!", "AKIDEXAMPLE", "secret", ""));
}
