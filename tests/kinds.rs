//! The kind table's facts as every entry point sees them: the same maximum
//! lifetime for signing and verifying, the same parameters for signing and
//! reading back, and the 64 KiB cap on tokens read.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::sigv4::{self, Request};
use rds_iam_edge::{inspect, sign_token, verify, Credentials, ErrorCode, Expectations, Service, TokenInput};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const NOW: i64 = 1_700_000_000_000;

fn credentials() -> Credentials {
    Credentials::new(AKID, SECRET, None).expect("credentials")
}

fn secret_for(akid: &str) -> Option<&'static str> {
    (akid == AKID).then_some(SECRET)
}

/// A valid input of each kind.
fn input(service: Service) -> TokenInput<'static> {
    match service {
        Service::Rds => TokenInput::rds("db.example.com", 5432, "app_user", "us-east-1"),
        Service::Dsql => TokenInput::dsql("abc.dsql.us-east-1.on.aws", "us-east-1"),
        Service::ElastiCache => TokenInput::elasticache("my-cache", "app-user", "us-east-1"),
        Service::MemoryDb => TokenInput::memorydb("my-cluster", "app_user", "us-east-1"),
    }
}

/// A token for `input(service)` as botocore would sign it with any lifetime.
fn oracle_token(service: Service, expires_in: u64) -> String {
    let (host, params): (&str, Vec<(&str, &str)>) = match service {
        Service::Rds => ("db.example.com:5432", vec![("Action", "connect"), ("DBUser", "app_user")]),
        Service::Dsql => ("abc.dsql.us-east-1.on.aws", vec![("Action", "DbConnect")]),
        Service::ElastiCache => ("my-cache", vec![("Action", "connect"), ("User", "app-user")]),
        Service::MemoryDb => ("my-cluster", vec![("Action", "connect"), ("User", "app_user")]),
    };
    sigv4::token(&Request {
        host,
        params,
        signing_name: service.signing_name(),
        region: "us-east-1",
        access_key_id: AKID,
        secret: SECRET,
        session_token: None,
        now_ms: NOW,
        expires_in,
    })
}

#[test]
fn the_oracle_token_is_the_signers_own_at_the_same_lifetime() {
    for service in Service::ALL {
        let ours = sign_token(&input(service).expires_in(600), &credentials(), NOW).expect("signs");
        assert_eq!(oracle_token(service, 600), ours, "{service:?}");
    }
}

#[test]
fn each_kinds_maximum_lifetime_binds_signing_and_verifying_alike() {
    let max = |service: Service| match service {
        Service::Dsql => 604_800,
        Service::Rds | Service::ElastiCache | Service::MemoryDb => 900,
    };
    for service in Service::ALL {
        let longest = max(service);
        assert_eq!(service.max_expires_in(), longest as u32);
        let signed = sign_token(&input(service).expires_in(longest), &credentials(), NOW).expect("the maximum signs");
        verify(&signed, secret_for, NOW, &Expectations::default()).expect("the maximum verifies");

        let error = sign_token(&input(service).expires_in(longest + 1), &credentials(), NOW).expect_err("over signs");
        assert_eq!((error.code(), error.field()), (ErrorCode::InvalidExpiresIn, Some("expiresIn")), "{service:?}");
        if longest < 604_800 {
            // What botocore signs when asked (ExpiresIn=604800): readable, never valid.
            for over in [longest as u64 + 1, 3600, 604_800] {
                let token = oracle_token(service, over);
                assert_eq!(inspect(&token).expect("still readable").expires_in, over as u32);
                let error =
                    verify(&token, secret_for, NOW + 1000, &Expectations::default()).expect_err("over the maximum");
                assert_eq!(
                    (error.code(), error.field()),
                    (ErrorCode::InvalidToken, Some("token")),
                    "{service:?} {over}"
                );
            }
        }
    }
}

#[test]
fn tokens_over_64_kib_are_refused_unread() {
    let good = sign_token(&input(Service::Rds), &credentials(), NOW).expect("signs");
    // A well-formed token padded with a session token to just over the cap.
    let (host, query) = good.split_once("/?").expect("token");
    let pad = "A".repeat(64 * 1024 - good.len() - "&X-Amz-Security-Token=".len() + 1);
    let huge = format!("{host}/?{query}&X-Amz-Security-Token={pad}");
    assert_eq!(huge.len(), 64 * 1024 + 1);
    for result in [inspect(&huge).map(|_| ()), verify(&huge, secret_for, NOW, &Expectations::default()).map(|_| ())] {
        let error = result.expect_err("over the cap");
        assert_eq!((error.code(), error.field()), (ErrorCode::InvalidToken, Some("token")));
        assert!(error.reason().contains("64 KiB"), "{}", error.reason());
    }
    // At the cap it is read (and is a token, signed or not).
    let at_cap = &huge[..huge.len() - 1];
    assert!(inspect(at_cap).expect("at the cap").has_session_token);
    let hundred_mb = "x".repeat(100 << 20);
    assert_eq!(inspect(&hundred_mb).expect_err("100 MB").code(), ErrorCode::InvalidToken);
}

#[test]
fn inspect_reads_back_what_each_kind_signs() {
    for service in Service::ALL {
        let token = sign_token(&input(service), &credentials(), NOW).expect("signs");
        let info = inspect(&token).expect("reads");
        assert_eq!(info.service, service);
        assert_eq!(info.port.is_some(), service == Service::Rds);
        assert_eq!(info.username.is_some(), service != Service::Dsql);
    }
    let admin = sign_token(&input(Service::Dsql).admin(true), &credentials(), NOW).expect("admin");
    assert_eq!(inspect(&admin).expect("reads").action, "DbConnectAdmin");
    let serverless =
        sign_token(&input(Service::ElastiCache).serverless(true), &credentials(), NOW).expect("serverless");
    assert!(inspect(&serverless).expect("reads").serverless);
}

#[test]
fn the_kind_facts_each_entry_point_reads() {
    // One row per kind: what the wasm `kindTable` export hands to JS.
    let facts: Vec<_> = Service::ALL
        .into_iter()
        .map(|s| {
            (
                s.as_str(),
                s.signing_name(),
                s.action(),
                s.admin_action(),
                s.user_parameter(),
                s.port_required(),
                s.region_from_hostname(),
                s.serverless_applies(),
                s.max_expires_in(),
                s.lower_cases_names(),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("rds", "rds-db", "connect", None, Some("DBUser"), true, true, false, 900, false),
            ("dsql", "dsql", "DbConnect", Some("DbConnectAdmin"), None, false, true, false, 604_800, false),
            ("elasticache", "elasticache", "connect", None, Some("User"), false, false, true, 900, true),
            ("memorydb", "memorydb", "connect", None, Some("User"), false, false, false, 900, false),
        ]
    );
    for service in Service::ALL {
        assert_eq!(Service::parse(service.as_str()), Ok(service));
        assert_eq!(Service::from_signing_name(service.signing_name()), Some(service));
    }
}

#[test]
fn every_error_code_once_and_parseable() {
    let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "no code twice");
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
    }
    // The codes API.md lists, INTERNAL_ERROR, and WASM_UNAVAILABLE (the JS
    // wrapper's, for a runtime that will not run the wasm).
    for name in [
        "INVALID_INPUT",
        "NOT_APPLICABLE",
        "SIGNATURE_MISMATCH",
        "CREDENTIALS_EXPIRED",
        "REGION_UNAVAILABLE",
        "HTTP_ERROR",
        "INTERNAL_ERROR",
        "WASM_UNAVAILABLE",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    assert_eq!(names.len(), 25);
}
