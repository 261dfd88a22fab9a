//! Golden cases from `tests/data/tokens/tokens.json`, shared by the tests.
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod sigv4;

use rds_iam_edge::{Credentials, ErrorCode, Service, TokenInput};
use serde::Deserialize;

/// One golden case (only the fields the tests read).
#[derive(Debug, Deserialize)]
pub struct Case {
    pub id: String,
    pub kind: String,
    pub host: String,
    pub port: Option<u16>,
    pub region: String,
    pub user: Option<String>,
    pub action: String,
    #[serde(rename = "accessKeyId")]
    pub access_key_id: String,
    #[serde(rename = "secretAccessKey")]
    pub secret_access_key: String,
    #[serde(rename = "sessionToken")]
    pub session_token: Option<String>,
    pub epoch_ms: i64,
    #[serde(rename = "expiresIn")]
    pub expires_in: i64,
    #[serde(default)]
    pub serverless: Option<bool>,
    pub expected_token: String,
    pub expected_signature: String,
}

impl Case {
    pub fn service(&self) -> Service {
        Service::parse(&self.kind).expect("known kind")
    }

    pub fn input(&self) -> TokenInput<'_> {
        let base = match self.service() {
            Service::Rds => TokenInput::rds(
                &self.host,
                self.port.expect("rds port"),
                self.user.as_deref().expect("user"),
                &self.region,
            ),
            Service::Dsql => TokenInput::dsql(&self.host, &self.region).admin(self.action == "DbConnectAdmin"),
            Service::ElastiCache => {
                let input = TokenInput::elasticache(&self.host, self.user.as_deref().expect("user"), &self.region);
                match self.serverless {
                    Some(true) => input.serverless(true),
                    _ => input,
                }
            }
            Service::MemoryDb => TokenInput::memorydb(&self.host, self.user.as_deref().expect("user"), &self.region),
        };
        base.expires_in(self.expires_in)
    }

    pub fn credentials(&self) -> Credentials {
        Credentials::new(&self.access_key_id, &self.secret_access_key, self.session_token.as_deref())
            .expect("valid credentials")
    }
}

/// How a golden input a kind's naming rules refuse must fail
/// (`tests/data/tokens/refused.json`, shared with the wasm, Node and workerd
/// tests): the SDKs sign anything, but no login could use these tokens.
/// Their signatures are still checked (through `verify`).
#[derive(Debug, Deserialize)]
pub struct Refused {
    pub code: String,
    pub field: String,
}

/// `refused.json`: golden case id -> how signing it fails (its `//` key is a comment).
pub fn refused() -> std::collections::BTreeMap<String, Refused> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokens/refused.json"))
        .expect("read refused");
    let mut all: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("parse refused");
    all.remove("//");
    all.into_iter().map(|(id, v)| (id, serde_json::from_value(v).expect("code and field"))).collect()
}

impl Case {
    /// How signing this case's input must fail, if it must: (code, field).
    pub fn refusal(&self) -> Option<(ErrorCode, String)> {
        refused().remove(&self.id).map(|r| (ErrorCode::parse(&r.code).expect("known code"), r.field))
    }
}

/// The golden cases whose input signs (every case but `refused.json`'s).
pub fn signable_cases() -> Vec<Case> {
    cases().into_iter().filter(|case| case.refusal().is_none()).collect()
}

pub fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokens/tokens.json"))
        .expect("read vectors");
    let cases: Vec<Case> = serde_json::from_str(&text).expect("parse vectors");
    assert!(cases.len() >= 48, "expected the full golden set");
    cases
}

/// `token` with the value of parameter `key` replaced by `value` (already encoded).
pub fn with_param(token: &str, key: &str, value: &str) -> String {
    let (host, query) = token.split_once("/?").expect("token");
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k == key => format!("{k}={value}"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{host}/?{}", pairs.join("&"))
}
