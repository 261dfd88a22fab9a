//! Every golden token from the official SDKs, byte for byte.

mod common;

use rds_iam_edge::{inspect, sign_token, verify, Expectations, Signer};

#[test]
fn sign_token_matches_every_golden_case() {
    for case in common::signable_cases() {
        let token = sign_token(&case.input(), &case.credentials(), case.epoch_ms).expect(&case.id);
        assert_eq!(token, case.expected_token, "{}", case.id);
        assert!(token.contains(&format!("X-Amz-Signature={}", case.expected_signature)), "{}", case.id);
    }
}

#[test]
fn cached_signer_matches_every_golden_case_twice() {
    for case in common::signable_cases() {
        let signer = Signer::new(case.credentials());
        for round in 0..2 {
            let token = signer.sign(&case.input(), case.epoch_ms).expect(&case.id);
            assert_eq!(token, case.expected_token, "{} round {round}", case.id);
        }
    }
}

#[test]
fn one_signer_across_all_cases_keeps_keys_apart() {
    // Same credentials, many dates, regions and services through one bounded cache.
    let cases = common::signable_cases();
    for case in &cases {
        let signer = Signer::new(case.credentials());
        for other in cases.iter().filter(|o| {
            o.access_key_id == case.access_key_id
                && o.secret_access_key == case.secret_access_key
                && o.session_token == case.session_token
        }) {
            assert_eq!(
                signer.sign(&other.input(), other.epoch_ms).expect(&other.id),
                other.expected_token,
                "{}",
                other.id
            );
        }
    }
}

#[test]
fn inspect_reads_back_every_golden_case() {
    for case in common::cases() {
        let info = inspect(&case.expected_token).expect(&case.id);
        assert_eq!(info.service, case.service(), "{}", case.id);
        assert_eq!(info.hostname, case.host, "{}", case.id);
        assert_eq!(info.port, case.port, "{}", case.id);
        assert_eq!(info.username, case.user, "{}", case.id);
        assert_eq!(info.region, case.region, "{}", case.id);
        assert_eq!(info.action, case.action, "{}", case.id);
        assert_eq!(info.access_key_id, case.access_key_id, "{}", case.id);
        assert_eq!(info.signed_at.epoch_millis(), case.epoch_ms / 1000 * 1000, "{}", case.id);
        assert_eq!(i64::from(info.expires_in), case.expires_in, "{}", case.id);
        assert_eq!(info.has_session_token, case.session_token.is_some(), "{}", case.id);
        assert_eq!(info.serverless, case.serverless == Some(true), "{}", case.id);
    }
}

#[test]
fn golden_inputs_that_break_a_kinds_naming_rules_are_refused_and_their_tokens_still_verify() {
    let refused: Vec<_> = common::cases().into_iter().filter(|case| case.refusal().is_some()).collect();
    assert_eq!(refused.len(), common::refused().len(), "every refused id is a golden case");
    for case in refused {
        let error = sign_token(&case.input(), &case.credentials(), case.epoch_ms).expect_err(&case.id);
        assert_eq!(Some((error.code(), error.field().unwrap_or("").to_owned())), case.refusal(), "{}", case.id);
        let secret = |_: &str| Some(case.secret_access_key.as_str());
        verify(&case.expected_token, secret, case.epoch_ms, &Expectations::default()).expect(&case.id);
    }
}
