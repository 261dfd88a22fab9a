//! Property tests: arbitrary text and numbers into every public function
//! never panic (and what is accepted round-trips); a table of bad inputs,
//! each refused with its code and field.

#![cfg(not(target_arch = "wasm32"))]
mod bad_inputs;
mod common;

use bad_inputs::{credentials, good_token, secret_for, AKID, NOW, SECRET};
use proptest::prelude::*;
use rds_iam_edge::{
    inspect, sign_token,
    sigv4::{decode, encode},
    verify, Credentials, ErrorCode, Expectations, Service, Signer, SigningTime, TokenInput,
};

/// The last millisecond of year 9999.
const MAX_MILLIS: i64 = 253_402_300_799_999;

// ---- strategies -----------------------------------------------------------

/// Any text: every code point including controls and NUL, sometimes very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        2 => prop::collection::vec(prop::char::range('\0', '\u{7f}'), 0..64).prop_map(String::from_iter),
        1 => prop::collection::vec(any::<char>(), 0..5_000).prop_map(String::from_iter),
        1 => prop::sample::select(vec!["", " ", "\0", "%", "%%", "/?", ":", "ÿ", "😀", "\u{feff}", "a\u{0}b"])
            .prop_map(str::to_owned),
    ]
}

/// Text that is often almost a valid field value.
fn field_text(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(valid.to_vec()).prop_map(str::to_owned),
        1 => "[A-Za-z0-9._-]{1,40}",
        1 => "[a-z0-9-]{1,40}",
        1 => text(),
    ]
}

fn extreme_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        prop::sample::select(vec![
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            900,
            901,
            604_800,
            604_801,
            65_535,
            65_536,
            MAX_MILLIS,
            MAX_MILLIS + 1,
            i64::MAX
        ]),
        any::<i64>(),
        -10i64..=70_000,
        0..=MAX_MILLIS,
    ]
}

/// Mostly in `range`, sometimes anything.
fn mostly(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = i64> {
    prop_oneof![3 => range, 1 => extreme_i64()]
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            0.999,
            999.999,
            MAX_MILLIS as f64,
            MAX_MILLIS as f64 + 0.5,
            253_402_300_800_000.0,
            253_402_300_800_000.0 - 0.001,
            9.2e18,
            1e300,
        ]),
        any::<f64>(),
        (0.0..=MAX_MILLIS as f64),
    ]
}

fn service() -> impl Strategy<Value = Service> {
    prop::sample::select(Service::ALL.to_vec())
}

#[derive(Clone, Debug)]
struct RawInput {
    service: Service,
    hostname: String,
    port: Option<i64>,
    username: Option<String>,
    region: String,
    expires_in: Option<i64>,
    admin: Option<bool>,
    serverless: Option<bool>,
}

impl RawInput {
    fn input(&self) -> TokenInput<'_> {
        TokenInput {
            service: self.service,
            hostname: &self.hostname,
            port: self.port,
            username: self.username.as_deref(),
            region: &self.region,
            expires_in: self.expires_in,
            admin: self.admin,
            serverless: self.serverless,
        }
    }
}

fn raw_input() -> impl Strategy<Value = RawInput> {
    (
        service(),
        field_text(&["db.example.com", "MyDB.example.com", "my-cache", "a", "x_y.z"]),
        prop::option::weighted(0.8, mostly(1..=65_535)),
        prop::option::weighted(0.8, field_text(&["app_user", "a b+c&d", "josé", "😀"])),
        field_text(&["us-east-1", "eu-west-1", "cn-north-1"]),
        prop::option::of(prop_oneof![mostly(1..=900), mostly(1..=604_800)]),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        any::<bool>(),
    )
        .prop_map(|(service, hostname, port, username, region, expires_in, admin, serverless, fit)| {
            // Half the time, drop the fields the kind does not use, so that
            // many inputs get past validation and their tokens are checked too.
            let keep = |applies: bool| !fit || applies;
            RawInput {
                service,
                hostname,
                port: port.filter(|_| keep(service == Service::Rds)),
                username: username.filter(|_| keep(service != Service::Dsql)),
                region,
                expires_in,
                admin: admin.filter(|_| keep(service == Service::Dsql)),
                serverless: serverless.filter(|_| keep(service == Service::ElastiCache)),
            }
        })
}

/// A good token with a random splice: bytes cut out and arbitrary text put in.
fn mutated_token() -> impl Strategy<Value = String> {
    (any::<prop::sample::Index>(), 0usize..80, text()).prop_map(|(at, cut, insert)| {
        let token = good_token();
        let start = at.index(token.len() + 1);
        let end = (start + cut).min(token.len());
        format!("{}{insert}{}", &token[..start], &token[end..])
    })
}

// ---- nothing panics, and what is accepted round-trips ---------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn signing_any_input_never_panics_and_accepted_tokens_verify(raw in raw_input(), now in mostly(0..=MAX_MILLIS)) {
        let input = raw.input();
        let validated = input.validate();
        let signed = sign_token(&input, &credentials(), now);
        let by_signer = Signer::new(credentials()).sign(&input, now);
        prop_assert_eq!(&signed, &by_signer);
        if let Err(e) = &validated {
            prop_assert_eq!(signed.as_ref().err(), Some(e), "validate and sign_token refuse alike");
        }
        if let Ok(token) = signed {
            let info = inspect(&token).expect("a token we signed parses");
            prop_assert_eq!(info.service, raw.service);
            // ElastiCache names are signed lower-cased; every other kind as given.
            let spelled = |name: &str| if raw.service.lower_cases_names() { name.to_ascii_lowercase() } else { name.to_owned() };
            prop_assert_eq!(info.hostname, spelled(&raw.hostname));
            prop_assert_eq!(info.username, if raw.service == Service::Dsql { None } else { raw.username.as_deref().map(spelled) });
            let verified = verify(&token, secret_for, now, &Expectations::default());
            prop_assert!(verified.is_ok(), "a token we signed verifies at its signing time: {:?}", verified.err());
        }
    }

    #[test]
    fn credentials_never_panic(akid in text(), secret in text(), session in prop::option::of(text())) {
        if let Ok(credentials) = Credentials::new(&akid, &secret, session.as_deref()) {
            prop_assert_eq!(credentials.access_key_id(), akid.as_str());
            prop_assert!(!secret.is_empty());
        }
    }

    #[test]
    fn signing_with_any_credentials_never_panics(akid in "[A-Za-z0-9]{1,30}", secret in text(), session in prop::option::of(text())) {
        let Ok(credentials) = Credentials::new(&akid, &secret, session.as_deref()) else { return Ok(()) };
        let token = sign_token(&bad_inputs::good_input(), &credentials, NOW).expect("valid input signs");
        let verified = verify(&token, |k| (k == akid).then_some(secret.as_str()), NOW, &Expectations::default());
        prop_assert!(verified.is_ok());
        let verified = verified.expect("checked");
        prop_assert_eq!(verified.has_session_token(), session.is_some());
        if let Some(session) = &session {
            prop_assert!(verified.session_token_is(session));
        }
    }

    #[test]
    fn service_parse_never_panics(name in text()) {
        let parsed = Service::parse(&name);
        prop_assert_eq!(parsed.is_ok(), ["rds", "dsql", "elasticache", "memorydb"].contains(&name.as_str()));
    }

    #[test]
    fn epoch_millis_never_panic_and_round_trip(millis in extreme_i64()) {
        let time = SigningTime::from_epoch_millis(millis);
        prop_assert_eq!(time.is_ok(), (0..=MAX_MILLIS).contains(&millis));
        if let Ok(time) = time {
            prop_assert_eq!(time.epoch_millis(), millis / 1000 * 1000);
            prop_assert_eq!(SigningTime::parse_amz_date(time.amz_date().as_str()), Some(time));
        }
    }

    #[test]
    fn epoch_millis_f64_never_panics(millis in any_f64()) {
        let time = SigningTime::from_epoch_millis_f64(millis);
        let valid = millis.is_finite() && millis >= 0.0 && millis < (MAX_MILLIS + 1) as f64;
        prop_assert_eq!(time.is_ok(), valid, "{}", millis);
        if let Ok(time) = time {
            prop_assert_eq!(time.epoch_seconds(), (millis / 1000.0).floor() as i64);
        } else {
            prop_assert_eq!(time.err().map(|e| e.code()), Some(ErrorCode::InvalidTime));
        }
    }

    #[test]
    fn parse_amz_date_never_panics(text in text()) {
        if let Some(time) = SigningTime::parse_amz_date(&text) {
            let amz_date = time.amz_date();
            prop_assert_eq!(amz_date.as_str(), text.as_str());
        }
    }

    #[test]
    fn inspect_and_verify_never_panic_on_any_text(token in text(), now in extreme_i64()) {
        let _ = inspect(&token);
        let _ = verify(&token, secret_for, now, &Expectations::default());
        let _ = verify(&token, |_| Some(SECRET), now, &Expectations { username: Some(&token), hostname: Some(&token), port: Some(1), skew_seconds: u32::MAX });
    }

    #[test]
    fn inspect_and_verify_never_panic_on_mutated_tokens(token in mutated_token(), now in extreme_i64()) {
        let inspected = inspect(&token);
        let verified = verify(&token, |_| Some(SECRET), now, &Expectations::default());
        if verified.is_ok() {
            prop_assert!(inspected.is_ok());
        }
    }

    #[test]
    fn decode_never_panics_and_inverts_encode(value in text(), raw in text()) {
        prop_assert_eq!(decode(&encode(&value)), Some(value));
        if let Some(decoded) = decode(&raw) {
            prop_assert!(!raw.contains(['+', ' ', '&', '=', '#']));
            let _ = decoded;
        }
    }
}

#[test]
fn verify_with_extreme_skew_and_times_does_not_overflow() {
    let token = good_token();
    for now in [0, 1, NOW, MAX_MILLIS, i64::MAX, i64::MIN, -1] {
        for skew in [0, 1, 300, u32::MAX] {
            let expect = Expectations { skew_seconds: skew, ..Expectations::default() };
            let _ = verify(&token, secret_for, now, &expect);
        }
    }
}

#[test]
fn minus_zero_and_sub_second_times_are_the_epoch() {
    for millis in [-0.0, 0.0, 0.4, 999.999] {
        let time = SigningTime::from_epoch_millis_f64(millis).expect("valid time");
        assert_eq!(time.epoch_seconds(), 0, "{millis}");
    }
    let last = SigningTime::from_epoch_millis_f64(MAX_MILLIS as f64).expect("year 9999");
    assert_eq!(last.amz_date().as_str(), "99991231T235959Z");
}

// ---- every bad input gets its code and field ------------------------------

#[test]
fn every_bad_input_is_refused_with_its_code_and_field() {
    let cases = bad_inputs::all();
    assert!(cases.len() > 500, "the table is complete ({} cases)", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        for (route, outcome) in case.outcomes() {
            match outcome {
                Err(e) if e.code() == case.code && e.field() == Some(case.field) => {}
                Err(e) => failures.push(format!(
                    "{} via {route}: got {}/{:?}, want {}/{}",
                    case.label,
                    e.code().as_str(),
                    e.field(),
                    case.code.as_str(),
                    case.field
                )),
                Ok(what) => failures.push(format!("{} via {route}: {what}", case.label)),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases wrong:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn the_table_itself_starts_from_good_inputs() {
    // Each bad case alters one field of an input that is otherwise accepted.
    let token = good_token();
    assert!(inspect(&token).is_ok());
    assert!(verify(&token, secret_for, NOW, &Expectations::default()).is_ok());
    assert!(Credentials::new(AKID, SECRET, Some(&bad_inputs::session_token())).is_ok());
    for service in Service::ALL {
        assert_eq!(Service::parse(service.as_str()), Ok(service));
    }
    for input in [
        TokenInput::rds("db.example.com", 5432, "app_user", "us-east-1"),
        TokenInput::dsql("abc.dsql.us-east-1.on.aws", "us-east-1").admin(true),
        TokenInput::elasticache("my-cache", "app-user", "us-east-1").serverless(true),
        TokenInput::memorydb("my-cluster", "app_user", "us-east-1"),
    ] {
        assert!(input.validate().is_ok(), "{input:?}");
    }
}

#[test]
fn golden_tokens_reordered_or_intact_are_not_malformed() {
    // The removal cases in the table only bite because the intact tokens parse.
    for case in common::cases() {
        assert!(inspect(&case.expected_token).is_ok(), "{}", case.id);
        let optional_removed = bad_inputs::without_param(&case.expected_token, "X-Amz-Security-Token");
        assert!(inspect(&optional_removed).is_ok(), "{} without its session token", case.id);
    }
}
