//! The peers' own test vectors (`tests/data/peers/`, with their licence
//! notices): botocore, the Rust, Go and Java SDKs, and AWS's ElastiCache
//! toolkit. Each signature vector must give the peer's signature and the
//! peer's parameters; where the peer makes a documented, deliberate other
//! choice (parameter order, a scheme in the endpoint, a port on DSQL, a
//! shortened lifetime), the case names it and this file asserts what stays
//! equal after that choice, or the typed error we give instead.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use rds_iam_edge::{
    inspect, sign_token, sigv4::decode, verify, Credentials, ErrorCode, Expectations, Service, Signer, TokenInput,
};
use serde::Deserialize;
use serde_json::Value;

fn read(name: &str) -> Value {
    let path = format!("{}/tests/data/peers/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("read peer data")).expect("parse peer data")
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    id: String,
    kind: String,
    hostname: String,
    #[serde(default)]
    port: Option<i64>,
    #[serde(default)]
    username: Option<String>,
    region: String,
    #[serde(default)]
    admin: Option<bool>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    secret_access_key: Option<String>,
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default, rename = "epoch_ms")]
    epoch_ms: Option<i64>,
    #[serde(default)]
    expires_in: Option<i64>,
}

impl Case {
    fn input(&self) -> TokenInput<'_> {
        let service = Service::parse(&self.kind).expect("kind");
        TokenInput {
            service,
            hostname: &self.hostname,
            port: self.port,
            username: self.username.as_deref(),
            region: &self.region,
            expires_in: self.expires_in,
            admin: self.admin.filter(|_| service == Service::Dsql),
            serverless: None,
        }
    }

    fn credentials(&self) -> Credentials {
        Credentials::new(
            self.access_key_id.as_deref().unwrap_or("AKIDEXAMPLE"),
            self.secret_access_key.as_deref().unwrap_or("secret"),
            self.session_token.as_deref(),
        )
        .expect("peer credentials are valid")
    }

    fn now(&self) -> i64 {
        self.epoch_ms.unwrap_or(1_724_716_800_000)
    }
}

fn cases(data: &Value, group: &str) -> Vec<(Case, Value)> {
    data[group]
        .as_array()
        .expect("group")
        .iter()
        .map(|v| (serde_json::from_value(v.clone()).expect("case"), v.clone()))
        .collect()
}

/// The host and the decoded parameters of a token, by key.
fn parts(token: &str) -> (&str, BTreeMap<String, String>) {
    let (host, query) = token.split_once("/?").expect("host/?query");
    let params = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("k=v");
            (decode(k).expect("key"), decode(v).expect("value"))
        })
        .collect();
    (host, params)
}

#[test]
fn every_peer_signature_vector_signs_to_the_peers_signature_and_parameters() {
    let data = read("sdks.json");
    let vectors = cases(&data, "signatures");
    assert_eq!(vectors.len(), 7);
    for (case, raw) in vectors {
        let ours = sign_token(&case.input(), &case.credentials(), case.now()).expect(&case.id);
        let theirs = raw["token"].as_str().expect("token");
        let ((our_host, our_params), (their_host, their_params)) = (parts(&ours), parts(theirs));
        assert_eq!(our_host, their_host, "{}", case.id);
        assert_eq!(our_params["X-Amz-Signature"], their_params["X-Amz-Signature"], "{}: signature", case.id);
        // The deliberate choice: parameter order. The same parameters, sorted.
        assert_eq!(our_params, their_params, "{}: parameters ({})", case.id, raw["choice"]);
        let mut sorted: Vec<&str> = theirs.split_once("/?").expect("query").1.split('&').collect();
        sorted.sort_by_key(|pair| pair.split_once('=').map(|(k, _)| k.to_owned()));
        assert_eq!(ours, format!("{their_host}/?{}", sorted.join("&")), "{}: the peer's token, keys sorted", case.id);
        // Our verifier accepts the peer's token as written (any order).
        let secret = case.secret_access_key.clone().expect("secret");
        verify(theirs, |_| Some(secret.as_str()), case.now(), &Expectations::default()).expect(&case.id);
        // And the cached signer agrees with the one-shot signer.
        assert_eq!(Signer::new(case.credentials()).sign(&case.input(), case.now()).expect(&case.id), ours);
    }
}

#[test]
fn go_and_rust_dsql_vectors_are_the_same_request() {
    // Go's test checks the parameters of the request the Rust SDK's test signs.
    let data = read("sdks.json");
    let rust = cases(&data, "signatures").into_iter().find(|(c, _)| c.id == "aws-sdk-rust-dsql").expect("rust");
    let go = cases(&data, "shapes").into_iter().find(|(c, _)| c.id == "aws-sdk-go-v2-dsql-expires").expect("go");
    let ours = sign_token(&go.0.input(), &go.0.credentials(), go.0.now()).expect("go case signs");
    assert_eq!(parts(&ours).1["X-Amz-Signature"], parts(rust.1["token"].as_str().expect("token")).1["X-Amz-Signature"]);
}

#[test]
fn peer_shape_cases_give_the_peers_host_and_parameters() {
    let data = read("sdks.json");
    for (case, raw) in cases(&data, "shapes") {
        let token = sign_token(&case.input(), &case.credentials(), case.now()).expect(&case.id);
        let (host, params) = parts(&token);
        assert_eq!(host, raw["host"].as_str().expect("host"), "{}", case.id);
        for expected in raw["params"].as_array().expect("params") {
            let (k, v) = expected.as_str().expect("param").split_once('=').expect("k=v");
            assert_eq!(params.get(k).map(String::as_str), Some(v), "{}: {k}", case.id);
        }
        if case.expires_in.is_none() {
            assert_eq!(params["X-Amz-Expires"], "900", "{}: the default lifetime", case.id);
        }
        if let Some(region) = raw["credential_region"].as_str() {
            // A region unlike the endpoint's is signed as given.
            assert_eq!(inspect(&token).expect("inspect").region, region, "{}", case.id);
        }
    }
}

#[test]
fn peer_refusals_are_typed_errors_naming_the_field() {
    let data = read("sdks.json");
    for (case, raw) in cases(&data, "refusals") {
        let error = sign_token(&case.input(), &case.credentials(), case.now()).expect_err(&case.id);
        let code = ErrorCode::parse(raw["code"].as_str().expect("code")).expect("known code");
        assert_eq!((error.code(), error.field()), (code, raw["field"].as_str()), "{}", case.id);
    }
}

#[test]
fn documented_differences_hold_as_documented() {
    let data = read("sdks.json");
    for (case, raw) in cases(&data, "differences") {
        let mut credentials = case.credentials();
        if let Some(seconds) = raw["credentialsExpireInSeconds"].as_i64() {
            credentials = credentials.with_expiration(case.now() / 1000 + seconds);
        }
        let token = sign_token(&case.input(), &credentials, case.now()).expect(&case.id);
        let info = inspect(&token).expect("inspect");
        if let Some(region) = raw["signed_region"].as_str() {
            assert_eq!(info.region, region, "{}", case.id);
        }
        if let Some(expires_in) = raw["signed_expires_in"].as_u64() {
            assert_eq!(u64::from(info.expires_in), expires_in, "{}", case.id);
        }
    }
}

#[test]
fn elasticache_toolkit_names_and_user_ids() {
    let data = read("elasticache-toolkit.json");
    let creds = &data["credentials"];
    let credentials = Credentials::new(
        creds["accessKeyId"].as_str().expect("akid"),
        creds["secretAccessKey"].as_str().expect("secret"),
        creds["sessionToken"].as_str(),
    )
    .expect("toolkit credentials");
    let (region, cache, user) = (
        data["region"].as_str().expect("region"),
        data["cache"].as_str().expect("cache"),
        data["user"].as_str().expect("user"),
    );
    let sign = |name: &str, user: &str, serverless: bool| {
        sign_token(&TokenInput::elasticache(name, user, region).serverless(serverless), &credentials, 1_724_716_800_000)
    };
    let strings = |key: &str| -> Vec<String> {
        data[key].as_array().expect(key).iter().map(|v| v.as_str().expect("string").to_owned()).collect()
    };

    for serverless in [true, false] {
        let token = sign(cache, user, serverless).expect("signs");
        assert!(token.starts_with("my-cache/?Action=connect&"), "{token}");
        assert!(token.contains("&User=testuser&") && token.contains("X-Amz-Expires=900"), "{token}");
        assert_eq!(token.contains("ResourceType=ServerlessCache"), serverless, "{token}");
    }
    for name in strings("valid_cache_names") {
        let token = sign(&name, user, true).expect(&name);
        assert!(token.starts_with(&format!("{}/?", name.to_lowercase())), "{name}: {token}");
    }
    for name in strings("invalid_cache_names") {
        let error = sign(&name, user, true).expect_err(&name);
        assert_eq!((error.code(), error.field()), (ErrorCode::InvalidHostname, Some("hostname")), "{name:?}");
    }
    for id in strings("valid_user_ids") {
        let token = sign(cache, &id, true).expect(&id);
        assert!(token.contains(&format!("&User={}&", id.to_lowercase())), "{id}: {token}");
    }
    for id in strings("invalid_user_ids") {
        let error = sign(cache, &id, true).expect_err(&id);
        assert_eq!((error.code(), error.field()), (ErrorCode::InvalidUsername, Some("username")), "{id:?}");
    }
    // Rotated credentials change the signature (the toolkit's own check).
    let rotated = Credentials::new("AKIAI44QH8DHBEXAMPLE", "other-secret", Some("token2")).expect("rotated");
    let other = sign_token(&TokenInput::elasticache(cache, user, region).serverless(true), &rotated, 1_724_716_800_000)
        .expect("signs");
    assert_ne!(
        parts(&other).1["X-Amz-Signature"],
        parts(&sign(cache, user, true).expect("signs")).1["X-Amz-Signature"]
    );
}

#[test]
fn advanced_wrapper_endpoints_name_the_wrappers_region() {
    let data = read("endpoint-regions.json");
    let regions = data["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 12);
    for pair in regions {
        let (host, region) = (pair[0].as_str().expect("host"), pair[1].as_str().expect("region"));
        assert_eq!(rds_iam_edge::endpoint_region(host), Some(region), "{host}");
    }
}
