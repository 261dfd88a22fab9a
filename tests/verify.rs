//! `verify` checks a token as the database service would: every golden token
//! passes with its key, and each kind of tampering or mismatch gets its code.

mod common;

use common::{with_param, Case};
use rds_iam_edge::{inspect, verify, ErrorCode, Expectations, Service, Verified, DEFAULT_SKEW_SECONDS};

/// The signing time of a case, whole seconds, in ms.
fn signed_at(case: &Case) -> i64 {
    case.epoch_ms / 1000 * 1000
}

fn expires_at(case: &Case) -> i64 {
    signed_at(case) + case.expires_in * 1000
}

fn verify_case(case: &Case, token: &str, now_ms: i64, expect: &Expectations<'_>) -> Result<Verified, ErrorCode> {
    let secret = case.secret_access_key.as_str();
    verify(token, |akid| (akid == case.access_key_id).then_some(secret), now_ms, expect).map_err(|e| e.code())
}

/// The case's own user, host and port.
fn own<'a>(case: &'a Case, hostname: &'a str) -> Expectations<'a> {
    Expectations {
        username: case.user.as_deref(),
        hostname: Some(hostname),
        port: case.port,
        ..Expectations::default()
    }
}

fn code_of(result: Result<Verified, ErrorCode>) -> Option<ErrorCode> {
    result.err()
}

fn param<'t>(token: &'t str, key: &str) -> Option<&'t str> {
    let (_, query) = token.split_once("/?")?;
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// botocore's order: operation parameters, auth parameters, signature last.
fn botocore_order(token: &str) -> String {
    let (host, query) = token.split_once("/?").expect("token");
    let (signature, rest): (Vec<&str>, Vec<&str>) =
        query.split('&').partition(|pair| pair.starts_with("X-Amz-Signature="));
    format!("{host}/?{}&{}", rest.join("&"), signature.join("&"))
}

/// Every parameter in reverse order.
fn reversed(token: &str) -> String {
    let (host, query) = token.split_once("/?").expect("token");
    let pairs: Vec<&str> = query.split('&').rev().collect();
    format!("{host}/?{}", pairs.join("&"))
}

#[test]
fn every_golden_token_verifies_with_its_key() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let verified = verify_case(&case, &case.expected_token, now, &Expectations::default())
            .unwrap_or_else(|e| panic!("{}: {e:?}", case.id));
        let info = verified.info();
        assert_eq!(info.hostname, case.host, "{}", case.id);
        assert_eq!(info.port, case.port, "{}", case.id);
        assert_eq!(info.username, case.user, "{}", case.id);
        assert_eq!(info.expires_at_ms(), expires_at(&case), "{}", case.id);
    }
}

#[test]
fn every_golden_token_verifies_against_its_own_user_host_and_port() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        for host in [case.host.clone(), case.host.to_ascii_lowercase(), case.host.to_ascii_uppercase()] {
            let result = verify_case(&case, &case.expected_token, now, &own(&case, &host));
            assert!(result.is_ok(), "{} expecting host {host}: {:?}", case.id, result.err());
        }
    }
}

#[test]
fn the_validity_window_is_inclusive_at_both_ends() {
    for case in common::cases() {
        let token = &case.expected_token;
        for now in [signed_at(&case), case.epoch_ms, expires_at(&case)] {
            assert!(verify_case(&case, token, now, &Expectations::default()).is_ok(), "{} at {now}", case.id);
        }
    }
}

#[test]
fn tampered_tokens_do_not_match_their_signature() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let token = &case.expected_token;
        let signature = param(token, "X-Amz-Signature").expect("signature");

        let mut tampered = Vec::new();
        for at in [0, 31, 63] {
            let mut flipped: Vec<u8> = signature.bytes().collect();
            flipped[at] = if flipped[at] == b'0' { b'1' } else { b'0' };
            let flipped = String::from_utf8(flipped).expect("hex");
            tampered.push((format!("signature digit {at}"), with_param(token, "X-Amz-Signature", &flipped)));
        }
        match case.service() {
            Service::Rds => tampered.push(("user".into(), with_param(token, "DBUser", "someone-else"))),
            Service::Dsql => {
                let other = if case.action == "DbConnect" { "DbConnectAdmin" } else { "DbConnect" };
                tampered.push(("action".into(), with_param(token, "Action", other)));
            }
            Service::ElastiCache | Service::MemoryDb => {
                tampered.push(("user".into(), with_param(token, "User", "someone-else")))
            }
        }
        tampered.push(("host".into(), format!("x{token}")));
        let host_upper = token.replacen(&case.host, &case.host.to_ascii_uppercase(), 1);
        if host_upper != *token {
            tampered.push(("host case".into(), host_upper));
        }
        if let Some(port) = case.port {
            let other = if port == 5432 { 3306 } else { 5432 };
            tampered.push(("port".into(), token.replacen(&format!(":{port}/?"), &format!(":{other}/?"), 1)));
        }
        tampered.push(("expiry".into(), with_param(token, "X-Amz-Expires", "60")));
        let other_region = if case.region == "us-west-2" { "us-east-2" } else { "us-west-2" };
        let credential = param(token, "X-Amz-Credential").expect("credential");
        let credential = credential.replace(&format!("%2F{}%2F", case.region), &format!("%2F{other_region}%2F"));
        tampered.push(("region".into(), with_param(token, "X-Amz-Credential", &credential)));
        match param(token, "X-Amz-Security-Token") {
            Some(session) => {
                tampered
                    .push(("session token".into(), with_param(token, "X-Amz-Security-Token", &format!("{session}A"))));
                let without: Vec<&str> = token.split('&').filter(|p| !p.starts_with("X-Amz-Security-Token=")).collect();
                tampered.push(("session token removed".into(), without.join("&")));
            }
            None => tampered.push(("session token added".into(), format!("{token}&X-Amz-Security-Token=abc"))),
        }

        for (what, bad) in tampered {
            assert_ne!(&bad, token, "{} {what}: the tampering changed something", case.id);
            assert_eq!(
                code_of(verify_case(&case, &bad, now, &Expectations::default())),
                Some(ErrorCode::SignatureMismatch),
                "{} tampered {what}",
                case.id
            );
        }
    }
}

#[test]
fn expired_tokens_are_refused() {
    for case in common::cases() {
        let now = expires_at(&case) + 1000;
        assert_eq!(
            code_of(verify_case(&case, &case.expected_token, now, &Expectations::default())),
            Some(ErrorCode::Expired),
            "{}",
            case.id
        );
        let just_after = expires_at(&case) + 1;
        assert_eq!(
            code_of(verify_case(&case, &case.expected_token, just_after, &Expectations::default())),
            Some(ErrorCode::Expired),
            "{}",
            case.id
        );
    }
}

#[test]
fn tokens_from_the_future_are_refused_beyond_the_skew_only() {
    let skew = i64::from(DEFAULT_SKEW_SECONDS) * 1000;
    for case in common::cases() {
        let token = &case.expected_token;
        let too_early = signed_at(&case) - skew - 1000;
        if too_early < 0 {
            // Signed at the epoch: "now" cannot lie before 1970 (INVALID_TIME).
            continue;
        }
        assert_eq!(
            code_of(verify_case(&case, token, too_early, &Expectations::default())),
            Some(ErrorCode::NotYetValid),
            "{}",
            case.id
        );
        let at_skew = signed_at(&case) - skew;
        assert!(verify_case(&case, token, at_skew, &Expectations::default()).is_ok(), "{} within the skew", case.id);
        assert!(
            verify_case(&case, token, signed_at(&case) - 1000, &Expectations::default()).is_ok(),
            "{} one second early",
            case.id
        );

        let strict = Expectations { skew_seconds: 0, ..Expectations::default() };
        assert_eq!(
            code_of(verify_case(&case, token, signed_at(&case) - 1000, &strict)),
            Some(ErrorCode::NotYetValid),
            "{} no skew",
            case.id
        );
        let wide = Expectations { skew_seconds: 3600, ..Expectations::default() };
        assert!(verify_case(&case, token, signed_at(&case) - 3_600_000, &wide).is_ok(), "{} wide skew", case.id);
    }
}

#[test]
fn another_user_is_refused() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let expect = Expectations { username: Some("someone-else"), ..own(&case, &case.host) };
        assert_eq!(
            code_of(verify_case(&case, &case.expected_token, now, &expect)),
            Some(ErrorCode::WrongUser),
            "{}",
            case.id
        );
        if let Some(user) = &case.user {
            // Users compare exactly: case and encoding matter.
            let upper = user.to_uppercase();
            if upper != *user {
                let expect = Expectations { username: Some(&upper), ..Expectations::default() };
                assert_eq!(
                    code_of(verify_case(&case, &case.expected_token, now, &expect)),
                    Some(ErrorCode::WrongUser),
                    "{} upper",
                    case.id
                );
            }
        }
    }
}

#[test]
fn another_host_or_port_is_refused() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let token = &case.expected_token;
        let other_host = format!("other-{}", case.host);
        let expect = Expectations { hostname: Some(&other_host), ..own(&case, &case.host) };
        assert_eq!(code_of(verify_case(&case, token, now, &expect)), Some(ErrorCode::WrongHost), "{} host", case.id);

        let other_port = match case.port {
            Some(port) => port.wrapping_add(1).max(1),
            None => 6379,
        };
        let expect = Expectations { port: Some(other_port), ..own(&case, &case.host) };
        assert_eq!(code_of(verify_case(&case, token, now, &expect)), Some(ErrorCode::WrongHost), "{} port", case.id);
    }
}

#[test]
fn an_unknown_access_key_is_refused() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let result = verify(&case.expected_token, |_| None, now, &Expectations::default());
        assert_eq!(result.err().map(|e| e.code()), Some(ErrorCode::UnknownAccessKey), "{}", case.id);
        let only_other =
            verify(&case.expected_token, |akid| (akid == "AKIDOTHER").then_some("x"), now, &Expectations::default());
        assert_eq!(only_other.err().map(|e| e.code()), Some(ErrorCode::UnknownAccessKey), "{}", case.id);
    }
}

#[test]
fn the_wrong_secret_is_a_signature_mismatch() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let result = verify(&case.expected_token, |_| Some("not-the-secret"), now, &Expectations::default());
        assert_eq!(result.err().map(|e| e.code()), Some(ErrorCode::SignatureMismatch), "{}", case.id);
    }
}

#[test]
fn session_token_is_reported_and_compared() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        let verified = verify_case(&case, &case.expected_token, now, &Expectations::default()).expect("verifies");
        assert_eq!(verified.has_session_token(), case.session_token.is_some(), "{}", case.id);
        assert_eq!(verified.info().has_session_token, case.session_token.is_some(), "{}", case.id);
        match &case.session_token {
            Some(session) => {
                assert!(verified.session_token_is(session), "{}", case.id);
                assert!(!verified.session_token_is(&format!("{session}x")), "{} longer", case.id);
                assert!(!verified.session_token_is(&session[..session.len() - 1]), "{} shorter", case.id);
                assert!(!verified.session_token_is(""), "{} empty", case.id);
            }
            None => {
                assert!(!verified.session_token_is(""), "{} empty", case.id);
                assert!(!verified.session_token_is("anything"), "{}", case.id);
            }
        }
    }
}

#[test]
fn reordered_tokens_still_verify() {
    for case in common::cases() {
        let now = signed_at(&case) + 1000;
        for (order, token) in
            [("botocore", botocore_order(&case.expected_token)), ("reversed", reversed(&case.expected_token))]
        {
            assert_ne!(token, case.expected_token, "{} {order}: the order changed", case.id);
            let result = verify_case(&case, &token, now, &own(&case, &case.host));
            assert!(result.is_ok(), "{} in {order} order: {:?}", case.id, result.err());
            assert_eq!(inspect(&token).ok(), inspect(&case.expected_token).ok(), "{} {order}", case.id);
        }
    }
}

#[test]
fn sdk_tokens_that_differ_only_in_order_verify() {
    // The vectors keep each SDK's own token (botocore: signature last; Rust
    // SDK: signature before the session token). Those that are a permutation
    // of ours must verify. Others differ in substance (host without :443,
    // lower-cased host, or the Rust SDK's unencoded DBUser) and are not
    // reorderings.
    #[derive(serde::Deserialize)]
    struct Tokens {
        id: String,
        #[serde(default)]
        tokens: std::collections::BTreeMap<String, Option<String>>,
    }
    fn sorted_parts(token: &str) -> Option<(&str, Vec<&str>)> {
        let (host, query) = token.split_once("/?")?;
        let mut pairs: Vec<&str> = query.split('&').collect();
        pairs.sort_unstable();
        Some((host, pairs))
    }
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokens/tokens.json"))
        .expect("vectors");
    let all: Vec<Tokens> = serde_json::from_str(&text).expect("vectors");
    let cases = common::cases();
    let mut checked = 0;
    for entry in &all {
        let case = cases.iter().find(|c| c.id == entry.id).expect("same ids");
        for (sdk, token) in entry.tokens.iter().filter_map(|(sdk, t)| Some((sdk, t.as_deref()?))) {
            if token == case.expected_token || sorted_parts(token) != sorted_parts(&case.expected_token) {
                continue;
            }
            let result = verify_case(case, token, signed_at(case) + 1000, &own(case, &case.host));
            assert!(result.is_ok(), "{} from {sdk}: {:?}", case.id, result.err());
            checked += 1;
        }
    }
    assert_eq!(checked, 66, "SDK tokens that are reorderings of ours");
}

/// A token signed with an empty secret (anyone can make one) proves nothing:
/// a verifier whose key list maps the key id to "" must not accept it. (The
/// aws-sigv4 oracle is native only.)
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn an_empty_secret_is_no_key() {
    let now_ms = 1_700_000_000_000;
    let forged = common::sigv4::token(&common::sigv4::Request {
        host: "db.example.com:5432",
        params: vec![("Action", "connect"), ("DBUser", "app_user")],
        signing_name: "rds-db",
        region: "us-east-1",
        access_key_id: "AKIDFORGED",
        secret: "",
        session_token: None,
        now_ms,
        expires_in: 900,
    });
    let result = verify(&forged, |akid| (akid == "AKIDFORGED").then_some(""), now_ms, &Expectations::default());
    assert_eq!(result.map_err(|e| e.code()).err(), Some(ErrorCode::UnknownAccessKey));
}
