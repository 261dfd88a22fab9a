//! No rendering of anything the crate hands out shows the secret, the session
//! token or a whole token: every error (`{}` and `{:?}`) of every bad input
//! and every verify failure, and `{:?}` of every value that holds secrets.

mod bad_inputs;
mod common;

use bad_inputs::{credentials, good_input, good_token, secret_for, session_token, AKID, NOW, SECRET, SESSION_MARKER};
use rds_iam_edge::{
    inspect,
    sigv4::{CredentialScope, Presign, SigningKey},
    verify, Error, Expectations, Signer, SigningTime,
};

/// Panics if `rendered` shows the secret, the session token, or `token`.
fn assert_clean(what: &str, rendered: &str, token: &str) {
    assert!(!rendered.is_empty(), "{what}: renders as nothing");
    assert!(!rendered.contains(SECRET), "{what} shows the secret: {rendered}");
    assert!(!rendered.contains(SESSION_MARKER), "{what} shows the session token: {rendered}");
    assert!(!rendered.contains(&session_token()), "{what} shows the session token: {rendered}");
    assert!(!rendered.contains(token), "{what} shows the token: {rendered}");
}

fn assert_error_clean(what: &str, error: &Error, token: &str) {
    assert_clean(&format!("{what} (Display)"), &format!("{error}"), token);
    assert_clean(&format!("{what} (Debug)"), &format!("{error:?}"), token);
    assert_clean(&format!("{what} (Debug, alternate)"), &format!("{error:#?}"), token);
}

/// The signature of a token, which `TokenInfo` and `Verified` must not carry either.
fn signature_of(token: &str) -> &str {
    token.split_once("X-Amz-Signature=").expect("signature").1.split('&').next().expect("signature")
}

#[test]
fn no_bad_input_error_shows_a_secret_or_token() {
    let token = good_token();
    let mut errors = 0;
    for case in bad_inputs::all() {
        for (route, outcome) in case.outcomes() {
            if let Err(error) = outcome {
                assert_error_clean(&format!("{} via {route}", case.label), &error, &token);
                if let bad_inputs::Call::Token(bad) = &case.call {
                    // A malformed token is not echoed either (short prefixes could occur by chance).
                    if bad.len() >= 24 {
                        assert!(
                            !format!("{error} {error:?}").contains(bad.as_str()),
                            "{} echoes its token",
                            case.label
                        );
                    }
                }
                errors += 1;
            }
        }
    }
    assert!(errors > 500, "only {errors} errors rendered");
}

#[test]
fn no_verify_failure_shows_a_secret_or_token() {
    let token = good_token();
    let signature = signature_of(&token);
    let flipped = signature.replacen(&signature[..1], if signature.starts_with('0') { "1" } else { "0" }, 1);
    let tampered = token.replace(signature, &flipped);
    let info = inspect(&token).expect("good token");
    let expect = Expectations::default();
    let failures = [
        ("signature mismatch", verify(&tampered, secret_for, NOW, &expect)),
        ("wrong secret", verify(&token, |_| Some("another secret"), NOW, &expect)),
        ("expired", verify(&token, secret_for, info.expires_at_ms() + 1000, &expect)),
        ("not yet valid", verify(&token, secret_for, NOW - 3_600_000, &expect)),
        (
            "wrong user",
            verify(&token, secret_for, NOW, &Expectations { username: Some("other"), ..Expectations::default() }),
        ),
        (
            "wrong host",
            verify(
                &token,
                secret_for,
                NOW,
                &Expectations { hostname: Some("other.example.com"), ..Expectations::default() },
            ),
        ),
        ("wrong port", verify(&token, secret_for, NOW, &Expectations { port: Some(1), ..Expectations::default() })),
        ("unknown access key", verify(&token, |_| None, NOW, &expect)),
        ("invalid token", verify(&token[..token.len() - 1], secret_for, NOW, &expect)),
        ("invalid time", verify(&token, secret_for, -1, &expect)),
    ];
    for (what, result) in failures {
        let error = result.err().unwrap_or_else(|| panic!("{what}: verified"));
        assert_error_clean(what, &error, &token);
    }
}

#[test]
fn debug_of_values_holding_secrets_is_redacted() {
    let token = good_token();
    let signature = signature_of(&token).to_owned();

    let creds = credentials();
    assert_clean("Credentials", &format!("{creds:?}"), &token);
    assert!(format!("{creds:?}").contains(AKID), "Credentials shows its access key id");

    let signer = Signer::new(credentials());
    let signed = signer.sign(&good_input(), NOW).expect("signs");
    assert_eq!(signed, token);
    assert_clean("Signer", &format!("{signer:?}"), &token);
    assert_clean("Signer (alternate)", &format!("{signer:#?}"), &token);

    let info = inspect(&token).expect("parses");
    for rendered in [format!("{info:?}"), format!("{info:#?}")] {
        assert_clean("TokenInfo", &rendered, &token);
        assert!(!rendered.contains(&signature), "TokenInfo shows the signature: {rendered}");
    }

    let verified = verify(&token, secret_for, NOW, &Expectations::default()).expect("verifies");
    for rendered in [format!("{verified:?}"), format!("{verified:#?}")] {
        assert_clean("Verified", &rendered, &token);
        assert!(!rendered.contains(&signature), "Verified shows the signature: {rendered}");
    }

    let time = SigningTime::from_epoch_millis(NOW).expect("time");
    let amz_date = time.amz_date();
    let scope = CredentialScope::new(&amz_date, "us-east-1", "rds-db");
    // The signer's key cache (in its Debug above) holds a key by now.
    assert_clean("SigningKey (derived)", &format!("{:?}", SigningKey::derive(SECRET, &scope)), &token);

    let input = good_input();
    assert_clean("TokenInput", &format!("{input:?}"), &token);
    let params = input.validate().expect("valid");
    assert_clean("TokenParams", &format!("{params:?}"), &token);
}

#[test]
fn golden_tokens_do_not_leak_through_inspect_or_verify() {
    for case in common::cases() {
        let info = inspect(&case.expected_token).expect("golden token parses");
        let rendered = format!("{info:?}");
        assert!(!rendered.contains(&case.expected_signature), "{}: TokenInfo shows the signature", case.id);
        assert!(!rendered.contains(&case.secret_access_key), "{}: TokenInfo shows the secret", case.id);
        if let Some(session) = &case.session_token {
            assert!(!rendered.contains(session.as_str()), "{}: TokenInfo shows the session token", case.id);
        }
        let now = case.epoch_ms / 1000 * 1000 + 1000;
        let secret = case.secret_access_key.as_str();
        let verified = verify(&case.expected_token, |_| Some(secret), now, &Expectations::default()).expect("verifies");
        let rendered = format!("{verified:?}");
        if let Some(session) = &case.session_token {
            assert!(!rendered.contains(session.as_str()), "{}: Verified shows the session token", case.id);
        }
        assert!(!rendered.contains(&case.expected_signature), "{}: Verified shows the signature", case.id);
    }
}

/// `Presign` is public (`rds_iam_edge::presign`) and holds the session
/// token; its derived `Debug` prints it. Fails until `Presign` redacts it as
/// `Credentials` and `Verified` do.
#[test]
fn presign_debug_hides_the_session_token() {
    let session = session_token();
    let presign = Presign {
        host: "db.example.com:5432",
        params: &[("Action", "connect"), ("DBUser", "app")],
        access_key_id: AKID,
        session_token: Some(&session),
        region: "us-east-1",
        service: "rds-db",
        time: SigningTime::from_epoch_millis(NOW).expect("time"),
        expires_in: 900,
    };
    assert_clean("Presign", &format!("{presign:?}"), &good_token());
}
