//! Input rules the peers' users meet: access key ids as the SDKs take them,
//! ElastiCache names as ElastiCache stores them, expiring credentials.

mod common;

use rds_iam_edge::{inspect, sign_token, verify, Credentials, ErrorCode, Expectations, Signer, TokenInput};

const NOW: i64 = 1_700_000_000_000;

fn code_and_field(error: rds_iam_edge::Error) -> (ErrorCode, Option<&'static str>) {
    (error.code(), error.field())
}

#[test]
fn access_key_ids_are_printable_ascii_without_slash_or_space() {
    // The SDKs' own vectors use these; IAM documents 16 to 128 characters.
    let long = "A".repeat(128);
    for akid in
        ["ACCESS_KEY", "access_key", "test_id", "access-key", "akid", "AKIDEXAMPLE", "a", "x.y~z!$&'()*+,;=:@", &long]
    {
        let credentials = Credentials::new(akid, "secret", None).expect(akid);
        let token =
            sign_token(&TokenInput::rds("db.example.com", 5432, "u", "us-east-1"), &credentials, NOW).expect(akid);
        assert_eq!(inspect(&token).expect(akid).access_key_id, akid);
        verify(&token, |id| (id == akid).then_some("secret"), NOW, &Expectations::default()).expect(akid);
    }
    let too_long = "A".repeat(129);
    for akid in ["", "AKID/EXAMPLE", "AKID EXAMPLE", "AKID\tX", "AKID\n", "AKIDé", "AKID\u{7f}", &too_long] {
        let error = Credentials::new(akid, "secret", None).expect_err(akid);
        assert_eq!(code_and_field(error), (ErrorCode::InvalidCredentials, Some("credentials.accessKeyId")), "{akid:?}");
    }
}

#[test]
fn elasticache_names_are_lower_cased_before_signing() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    for (name, user) in [("My-Cache", "App-User"), ("MY-CACHE", "APP-USER"), ("my-cache", "app-user")] {
        let token = sign_token(&TokenInput::elasticache(name, user, "us-east-1"), &credentials, NOW).expect(name);
        let lower = sign_token(&TokenInput::elasticache("my-cache", "app-user", "us-east-1"), &credentials, NOW)
            .expect("lower");
        assert_eq!(token, lower, "{name} {user}");
        let info = inspect(&token).expect("inspect");
        assert_eq!((info.hostname.as_str(), info.username.as_deref()), ("my-cache", Some("app-user")));
    }
    // The service-managed prefix AWS's toolkit allows.
    let token = sign_token(&TokenInput::elasticache("c", "Default.IAM-User", "us-east-1"), &credentials, NOW)
        .expect("default.");
    assert_eq!(inspect(&token).expect("inspect").username.as_deref(), Some("default.iam-user"));
}

#[test]
fn elasticache_names_that_break_its_naming_rules_are_refused() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    let long = "a".repeat(41);
    for name in ["1cache", "-cache", "cache-", "my--cache", "my_cache", "my.cache", "my cache", "caché", &long] {
        let error =
            sign_token(&TokenInput::elasticache(name, "app-user", "us-east-1"), &credentials, NOW).expect_err(name);
        assert_eq!(code_and_field(error), (ErrorCode::InvalidHostname, Some("hostname")), "{name:?}");
    }
    assert!(sign_token(&TokenInput::elasticache(&"a".repeat(40), "u", "us-east-1"), &credentials, NOW).is_ok());
    for user in ["1user", "-user", "app user", "app_user", "user+plus&amp", "default.", "other.user", "usér"] {
        let error =
            sign_token(&TokenInput::elasticache("my-cache", user, "us-east-1"), &credentials, NOW).expect_err(user);
        assert_eq!(code_and_field(error), (ErrorCode::InvalidUsername, Some("username")), "{user:?}");
    }
}

#[test]
fn memorydb_names_are_signed_as_given() {
    // No AWS document or tool lower-cases MemoryDB names: sign them as given.
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    let token =
        sign_token(&TokenInput::memorydb("My-Cluster", "svc user", "us-east-1"), &credentials, NOW).expect("signs");
    let info = inspect(&token).expect("inspect");
    assert_eq!((info.hostname.as_str(), info.username.as_deref()), ("My-Cluster", Some("svc user")));
}

#[test]
fn expired_credentials_are_refused_at_and_after_their_expiration() {
    let expiration = NOW / 1000 + 60;
    let credentials =
        Credentials::new("AKIDEXAMPLE", "secret", Some("session")).expect("credentials").with_expiration(expiration);
    assert_eq!(credentials.expiration(), Some(expiration));
    let input = TokenInput::rds("db.example.com", 5432, "u", "us-east-1");
    let signer = Signer::new(credentials.clone());
    let just_before = expiration * 1000 - 1;
    sign_token(&input, &credentials, just_before).expect("usable until the last millisecond before");
    signer.sign(&input, just_before).expect("usable until the last millisecond before");
    for now in [expiration * 1000, expiration * 1000 + 1, (expiration + 3600) * 1000] {
        for error in [
            sign_token(&input, &credentials, now).expect_err("expired"),
            signer.sign(&input, now).expect_err("expired"),
        ] {
            assert_eq!(code_and_field(error), (ErrorCode::CredentialsExpired, Some("credentials.expiration")), "{now}");
        }
    }
    let debug = format!("{credentials:?}");
    assert!(
        debug.contains(&expiration.to_string()) && !debug.contains("secret\"") && !debug.contains("session\""),
        "{debug}"
    );
}

#[test]
fn one_access_key_id_with_another_secret_or_session_token_is_another_identity() {
    // Each identity's token verifies with its own secret only, and carries
    // its own session token; alternating signers never hand over a key.
    let input = TokenInput::rds("db.example.com", 5432, "u", "us-east-1");
    let identities = [
        ("AKID", "secret-a", None),
        ("AKID", "secret-b", None),
        ("AKID", "secret-a", Some("session-1")),
        ("AKID", "secret-a", Some("session-2")),
    ];
    let signers: Vec<Signer> = identities
        .iter()
        .map(|(akid, secret, session)| Signer::new(Credentials::new(akid, secret, *session).expect("credentials")))
        .collect();
    for round in 0..3 {
        let tokens: Vec<String> = signers.iter().map(|s| s.sign(&input, NOW + round * 1000).expect("signs")).collect();
        for (i, (token, (_, secret, session))) in tokens.iter().zip(identities).enumerate() {
            assert_eq!(
                token,
                &sign_token(&input, signers[i].credentials(), NOW + round * 1000).expect("one-shot"),
                "identity {i}"
            );
            assert!(
                verify(token, |_| Some(secret), NOW + round * 1000, &Expectations::default()).is_ok(),
                "identity {i}"
            );
            let other = if secret == "secret-a" { "secret-b" } else { "secret-a" };
            let refused = verify(token, |_| Some(other), NOW + round * 1000, &Expectations::default())
                .expect_err("another secret");
            assert_eq!(refused.code(), ErrorCode::SignatureMismatch);
            assert_eq!(inspect(token).expect("inspect").has_session_token, session.is_some());
            if let Some(session) = session {
                assert!(token.contains(&format!("X-Amz-Security-Token={session}")), "identity {i}");
            }
        }
    }
}
