//! Every bad input the public API must refuse, with the code and field it
//! must be refused with. Shared by `props.rs` (codes and fields) and
//! `redaction.rs` (no secret in any rendering). Signing uses a known secret
//! and a long session token, so a leak would show.
#![allow(dead_code)]

use rds_iam_edge::{
    inspect, sign_token, verify, Credentials, Error, ErrorCode, Expectations, Service, Signer, SigningTime, TokenInput,
};

use crate::common::{self, with_param};

/// The secret every token here is signed with.
pub const SECRET: &str = "SECRETsecretSECRET1234";
/// Marks the session token; unreserved characters only, so it shows up
/// verbatim in a percent-encoded token too.
pub const SESSION_MARKER: &str = "SESSIONtokenSESSION5678";
pub const AKID: &str = "AKIDEXAMPLE";
/// 2023-11-14T22:13:20Z.
pub const NOW: i64 = 1_700_000_000_000;

/// A long session token (~900 chars) with the characters base64 brings.
pub fn session_token() -> String {
    format!("{SESSION_MARKER}{}", "/+=AbC9".repeat(125))
}

pub fn credentials() -> Credentials {
    Credentials::new(AKID, SECRET, Some(&session_token())).expect("valid credentials")
}

pub fn secret_for(akid: &str) -> Option<&'static str> {
    (akid == AKID).then_some(SECRET)
}

/// A valid RDS input with a user that needs encoding.
pub fn good_input() -> TokenInput<'static> {
    TokenInput::rds("mydb.abc123.us-east-1.rds.amazonaws.com", 5432, "app user+1&x", "us-east-1")
}

/// A good RDS token, signed with [`SECRET`] and the session token at [`NOW`].
pub fn good_token() -> String {
    sign_token(&good_input(), &credentials(), NOW).expect("good token")
}

/// How a bad input reaches the API.
#[derive(Debug)]
pub enum Call {
    /// `TokenInput::validate`, `sign_token` and `Signer::sign`.
    Input(TokenInput<'static>),
    /// `Credentials::new`.
    Credentials { access_key_id: &'static str, secret: &'static str, session_token: Option<String> },
    /// `SigningTime::from_epoch_millis`, `sign_token`, `Signer::sign`, `verify`.
    NowMillis(i64),
    /// `SigningTime::from_epoch_millis_f64`.
    NowF64(f64),
    /// `Service::parse`.
    Service(&'static str),
    /// `inspect` and `verify`.
    Token(String),
}

/// One bad input and how it must be refused.
#[derive(Debug)]
pub struct Bad {
    pub label: String,
    pub code: ErrorCode,
    pub field: &'static str,
    pub call: Call,
}

impl Bad {
    /// Every entry point the input reaches, with its outcome (`Ok` carries a
    /// description of the unexpected success).
    pub fn outcomes(&self) -> Vec<(&'static str, Result<String, Error>)> {
        let ok = |what: &str| format!("accepted: {what}");
        match &self.call {
            Call::Input(input) => vec![
                ("TokenInput::validate", input.validate().map(|p| ok(&format!("{p:?}")))),
                ("sign_token", sign_token(input, &credentials(), NOW).map(|_| ok("signed"))),
                ("Signer::sign", Signer::new(credentials()).sign(input, NOW).map(|_| ok("signed"))),
            ],
            Call::Credentials { access_key_id, secret, session_token } => vec![(
                "Credentials::new",
                Credentials::new(access_key_id, secret, session_token.as_deref()).map(|_| ok("credentials")),
            )],
            Call::NowMillis(now) => {
                let token = good_token();
                vec![
                    (
                        "SigningTime::from_epoch_millis",
                        SigningTime::from_epoch_millis(*now).map(|t| ok(&format!("{t:?}"))),
                    ),
                    ("sign_token", sign_token(&good_input(), &credentials(), *now).map(|_| ok("signed"))),
                    ("Signer::sign", Signer::new(credentials()).sign(&good_input(), *now).map(|_| ok("signed"))),
                    ("verify", verify(&token, secret_for, *now, &Expectations::default()).map(|_| ok("verified"))),
                ]
            }
            Call::NowF64(now) => vec![(
                "SigningTime::from_epoch_millis_f64",
                SigningTime::from_epoch_millis_f64(*now).map(|t| ok(&format!("{t:?}"))),
            )],
            Call::Service(name) => vec![("Service::parse", Service::parse(name).map(|s| ok(s.as_str())))],
            Call::Token(token) => vec![
                ("inspect", inspect(token).map(|i| ok(&format!("{i:?}")))),
                ("verify", verify(token, secret_for, NOW, &Expectations::default()).map(|_| ok("verified"))),
            ],
        }
    }
}

fn bad(label: impl Into<String>, code: ErrorCode, field: &'static str, call: Call) -> Bad {
    Bad { label: label.into(), code, field, call }
}

/// A valid input of each kind.
fn base(service: Service) -> TokenInput<'static> {
    match service {
        Service::Rds => TokenInput::rds("db.example.com", 5432, "app_user", "us-east-1"),
        Service::Dsql => TokenInput::dsql("abc.dsql.us-east-1.on.aws", "us-east-1"),
        Service::ElastiCache => TokenInput::elasticache("my-cache", "app-user", "us-east-1"),
        Service::MemoryDb => TokenInput::memorydb("my-cluster", "app_user", "us-east-1"),
    }
}

fn input_cases() -> Vec<Bad> {
    use ErrorCode::*;
    let mut out = Vec::new();
    let mut add = |label: String, code, field, input| out.push(bad(label, code, field, Call::Input(input)));

    for service in Service::ALL {
        let name = service.as_str();
        let with_user = service != Service::Dsql;
        let max = i64::from(service.max_expires_in());

        for host in
            ["", "https://x", "http://db.example.com", "x/y", "x?y", "x#y", "x:5432", "db .example.com", ".x", "a..b"]
        {
            add(
                format!("{name}: hostname {host:?}"),
                InvalidHostname,
                "hostname",
                TokenInput { hostname: host, ..base(service) },
            );
        }
        for expires in [0, -1, max + 1, i64::MIN, i64::MAX] {
            add(
                format!("{name}: expiresIn {expires}"),
                InvalidExpiresIn,
                "expiresIn",
                base(service).expires_in(expires),
            );
        }
        for region in [
            "US-EAST-1",
            "us east 1",
            "us_east_1",
            "-us-east-1",
            "us--east-1",
            "us-east1",
            "east-1",
            "us-east-",
            "us-east-1a",
        ] {
            add(format!("{name}: region {region:?}"), InvalidRegion, "region", TokenInput { region, ..base(service) });
        }
        // None given, and a host that is no AWS endpoint.
        add(
            format!("{name}: no region"),
            RegionUnavailable,
            "region",
            TokenInput { region: "", hostname: "internal-host", ..base(service) },
        );
        if with_user {
            for user in [None, Some("")] {
                add(
                    format!("{name}: username {user:?}"),
                    InvalidUsername,
                    "username",
                    TokenInput { username: user, ..base(service) },
                );
            }
        }
        if service != Service::Rds {
            add(format!("{name}: port"), NotApplicable, "port", TokenInput { port: Some(5432), ..base(service) });
        }
        if service != Service::Dsql {
            for admin in [true, false] {
                add(format!("{name}: admin {admin}"), NotApplicable, "admin", base(service).admin(admin));
            }
        }
        if service != Service::ElastiCache {
            for serverless in [true, false] {
                add(
                    format!("{name}: serverless {serverless}"),
                    NotApplicable,
                    "serverless",
                    base(service).serverless(serverless),
                );
            }
        }
    }
    add("dsql: username".into(), NotApplicable, "username", TokenInput { username: Some("u"), ..base(Service::Dsql) });
    for port in [Some(0), Some(-1), Some(65_536), Some(i64::MIN), Some(i64::MAX), None] {
        add(format!("rds: port {port:?}"), InvalidPort, "port", TokenInput { port, ..base(Service::Rds) });
    }
    out
}

fn credential_cases() -> Vec<Bad> {
    let cred = |label: &str, access_key_id, secret, session_token: Option<String>, field| {
        bad(label, ErrorCode::InvalidCredentials, field, Call::Credentials { access_key_id, secret, session_token })
    };
    vec![
        cred("empty access key id", "", SECRET, Some(session_token()), "credentials.accessKeyId"),
        cred("access key id with '/'", "AKID/EXAMPLE", SECRET, Some(session_token()), "credentials.accessKeyId"),
        cred("access key id with space", "AKID EXAMPLE", SECRET, None, "credentials.accessKeyId"),
        cred("empty secret", AKID, "", Some(session_token()), "credentials.secretAccessKey"),
        cred("empty session token", AKID, SECRET, Some(String::new()), "credentials.sessionToken"),
    ]
}

fn time_cases() -> Vec<Bad> {
    let mut out: Vec<Bad> = [-1, -999, i64::MIN, i64::MAX, 253_402_300_800_000]
        .into_iter()
        .map(|now| bad(format!("now {now}"), ErrorCode::InvalidTime, "now", Call::NowMillis(now)))
        .collect();
    out.extend(
        [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, -0.5, f64::MIN, f64::MAX, 253_402_300_800_000.0, 1e300]
            .into_iter()
            .map(|now| bad(format!("now {now:?}"), ErrorCode::InvalidTime, "now", Call::NowF64(now))),
    );
    out
}

fn service_cases() -> Vec<Bad> {
    ["mysql", "", "rds ", "rds-db", "postgres"]
        .into_iter()
        .map(|name| bad(format!("service {name:?}"), ErrorCode::InvalidService, "service", Call::Service(name)))
        .collect()
}

/// `token` without parameter `key`.
pub fn without_param(token: &str, key: &str) -> String {
    let (host, query) = token.split_once("/?").expect("token");
    let pairs: Vec<&str> = query.split('&').filter(|pair| pair.split_once('=').map(|(k, _)| k) != Some(key)).collect();
    format!("{host}/?{}", pairs.join("&"))
}

/// The keys of a token's parameters, in order.
pub fn param_keys(token: &str) -> Vec<String> {
    let (_, query) = token.split_once("/?").expect("token");
    query.split('&').map(|pair| pair.split_once('=').map_or(pair, |(k, _)| k).to_owned()).collect()
}

/// Malformed variants of a good token signed with [`SECRET`].
fn malformed_tokens() -> Vec<(String, String)> {
    let good = good_token();
    let dsql =
        sign_token(&TokenInput::dsql("abc.dsql.us-east-1.on.aws", "us-east-1"), &credentials(), NOW).expect("dsql");
    let host = good.split_once("/?").expect("token").0;
    let query = good.split_once("/?").expect("token").1;
    let signature = good.split_once("X-Amz-Signature=").expect("sig").1.split('&').next().expect("sig").to_owned();
    let mut out = vec![
        ("empty".into(), String::new()),
        ("just /?".into(), "/?".into()),
        ("no /?".into(), good.replacen("/?", "?", 1)),
        ("host only".into(), host.to_owned()),
        ("query only".into(), query.to_owned()),
        ("with scheme".into(), format!("https://{good}")),
        ("unknown param".into(), format!("{good}&Foo=bar")),
        ("unknown param, no value".into(), format!("{good}&Foo")),
        ("trailing &".into(), format!("{good}&")),
        ("repeated Action".into(), format!("{good}&Action=connect")),
        ("repeated signature".into(), format!("{good}&X-Amz-Signature={signature}")),
        ("bad escape %zz".into(), with_param(&good, "DBUser", "%zzapp")),
        ("bad escape at end".into(), with_param(&good, "DBUser", "app%4")),
        ("bare %".into(), with_param(&good, "DBUser", "%")),
        ("non-UTF-8 escape".into(), with_param(&good, "DBUser", "%FF%FE")),
        ("raw space".into(), with_param(&good, "DBUser", "app user")),
        ("plus for space".into(), with_param(&good, "DBUser", "app+user")),
        ("empty user".into(), with_param(&good, "DBUser", "")),
        ("date month 13".into(), with_param(&good, "X-Amz-Date", "20231314T221320Z")),
        ("date Feb 30".into(), with_param(&good, "X-Amz-Date", "20230230T221320Z")),
        ("date extended format".into(), with_param(&good, "X-Amz-Date", "2023-11-14T22%3A13%3A20Z")),
        ("date without Z".into(), with_param(&good, "X-Amz-Date", "20231114T221320")),
        ("date hour 24".into(), with_param(&good, "X-Amz-Date", "20231114T241320Z")),
        ("scope date differs".into(), with_param(&good, "X-Amz-Date", "20231115T221320Z")),
        ("algorithm SHA512".into(), with_param(&good, "X-Amz-Algorithm", "AWS4-HMAC-SHA512")),
        ("algorithm lower case".into(), with_param(&good, "X-Amz-Algorithm", "aws4-hmac-sha256")),
        ("signed headers host;x".into(), with_param(&good, "X-Amz-SignedHeaders", "host%3Bx-amz-date")),
        ("expires 0".into(), with_param(&good, "X-Amz-Expires", "0")),
        ("expires 0900".into(), with_param(&good, "X-Amz-Expires", "0900")),
        ("expires 604801".into(), with_param(&good, "X-Amz-Expires", "604801")),
        ("expires -1".into(), with_param(&good, "X-Amz-Expires", "-1")),
        ("expires huge".into(), with_param(&good, "X-Amz-Expires", "99999999999999999999")),
        ("signature 63 hex".into(), with_param(&good, "X-Amz-Signature", &signature[..63])),
        ("signature 65 hex".into(), with_param(&good, "X-Amz-Signature", &format!("{signature}0"))),
        ("signature upper case".into(), with_param(&good, "X-Amz-Signature", &signature.to_uppercase())),
        ("signature not hex".into(), with_param(&good, "X-Amz-Signature", &format!("{}g", &signature[..63]))),
        ("signature empty".into(), with_param(&good, "X-Amz-Signature", "")),
        ("empty session token".into(), with_param(&good, "X-Amz-Security-Token", "")),
        (
            "credential 4 parts".into(),
            with_param(&good, "X-Amz-Credential", "AKIDEXAMPLE%2F20231114%2Fus-east-1%2Frds-db"),
        ),
        (
            "credential unknown service".into(),
            with_param(&good, "X-Amz-Credential", "AKIDEXAMPLE%2F20231114%2Fus-east-1%2Fs3%2Faws4_request"),
        ),
        (
            "credential bad region".into(),
            with_param(&good, "X-Amz-Credential", "AKIDEXAMPLE%2F20231114%2FUS-EAST-1%2Frds-db%2Faws4_request"),
        ),
        (
            "credential empty key".into(),
            with_param(&good, "X-Amz-Credential", "%2F20231114%2Fus-east-1%2Frds-db%2Faws4_request"),
        ),
        ("action for dsql on rds".into(), with_param(&good, "Action", "DbConnect")),
        ("User instead of DBUser".into(), good.replacen("DBUser=", "User=", 1)),
        ("ResourceType on rds".into(), format!("{good}&ResourceType=ServerlessCache")),
        ("rds host without port".into(), good.replacen(":5432/?", "/?", 1)),
        ("rds port 0".into(), good.replacen(":5432/?", ":0/?", 1)),
        ("rds port 65536".into(), good.replacen(":5432/?", ":65536/?", 1)),
        ("rds port leading zero".into(), good.replacen(":5432/?", ":05432/?", 1)),
        ("host with path".into(), good.replacen(":5432/?", "/x:5432/?", 1)),
        ("host with space".into(), good.replacen("mydb.", "my db.", 1)),
        ("dsql with DBUser".into(), format!("{dsql}&DBUser=u")),
        ("dsql action connect".into(), with_param(&dsql, "Action", "connect")),
    ];
    // Every strict prefix of the token is malformed (its last parameter, at least, is cut).
    for end in 0..good.len() {
        out.push((format!("prefix of {end} bytes"), good[..end].to_owned()));
    }
    out
}

/// Golden tokens from the official SDKs, truncated and with each required parameter removed.
fn golden_malformed_tokens() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for case in common::cases() {
        let token = &case.expected_token;
        for end in (0..token.len()).step_by(3).chain([token.len() - 1]) {
            out.push((format!("{} truncated to {end} bytes", case.id), token[..end].to_owned()));
        }
        for key in param_keys(token) {
            if key == "X-Amz-Security-Token" || key == "ResourceType" {
                continue; // optional: without it the token is well-formed (and signed differently)
            }
            out.push((format!("{} without {key}", case.id), without_param(token, &key)));
        }
    }
    out
}

fn token_cases() -> Vec<Bad> {
    malformed_tokens()
        .into_iter()
        .chain(golden_malformed_tokens())
        .map(|(label, token)| bad(format!("token: {label}"), ErrorCode::InvalidToken, "token", Call::Token(token)))
        .collect()
}

/// Every bad input.
pub fn all() -> Vec<Bad> {
    let mut out = input_cases();
    out.extend(credential_cases());
    out.extend(time_cases());
    out.extend(service_cases());
    out.extend(token_cases());
    out
}
