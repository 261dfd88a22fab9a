//! Native benchmark of the signing core, next to `aws-sigv4` presigning the
//! same token (what the Rust SDK's RDS auth token generator does), and the
//! SHA-256 floor: how many compression-function calls a token needs, counted
//! by recomputing its signature through a counting SHA-256, and what one
//! compression costs on this CPU.
//!
//! `cargo bench --bench sign` (harness = false, so `cargo test` never builds
//! or runs it). Options after `--`: `--quick` (a few milliseconds per case:
//! a smoke run whose numbers mean nothing), `--json <path>` (also write the
//! results as JSON; `bench/run.mjs` reads them).
//!
//! Timing: `std::time::Instant`, each case in rounds interleaved with the
//! others, so that load from other processes spreads over all of them;
//! tokens/s is the median round's, p50/p99 come from calls timed one by one.

use std::{
    hint::black_box,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings};
use aws_smithy_runtime_api::client::identity::Identity;
use rds_iam_edge::{
    sign_token,
    sigv4::{decode, Presign},
    Credentials, Signer, SigningTime, TokenInput,
};

const HOST: &str = "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com";
const PORT: u16 = 5432;
const USER: &str = "app_user";
const REGION: &str = "us-east-1";
const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// 2023-11-14T22:13:20Z: a fixed clock, as in every case below.
const NOW_MS: i64 = 1_700_000_000_000;
const DAY_MS: i64 = 86_400_000;

struct Options {
    quick: bool,
    json: Option<String>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut options = Options { quick: false, json: None };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--json" => options.json = args.next(),
            _ => {} // `cargo bench` adds `--bench`
        }
    }
    options
}

// ---------------------------------------------------------------------------
// The contenders: each signs one RDS token for the fixed input.

/// `rds_iam_edge::sign_token`: validate, derive the key, sign (cold key).
fn core_cold(i: u64) -> String {
    let credentials = Credentials::new(ACCESS_KEY_ID, SECRET, None).expect("credentials");
    let input = TokenInput::rds(HOST, PORT, USER, REGION);
    // A different day per call, so nothing could be cached anywhere.
    sign_token(&input, &credentials, NOW_MS + (i % 1024) as i64 * DAY_MS).expect("signs")
}

/// `Signer::sign`: validate, then the cached key (what most Rust callers do).
fn core_cached(signer: &Signer) -> String {
    signer.sign(&TokenInput::rds(HOST, PORT, USER, REGION), NOW_MS).expect("signs")
}

/// `aws-sigv4` as the Rust SDK's `AuthTokenGenerator` drives it: a GET URL
/// with the operation parameters, query-param presigning, the signing
/// parameters appended to the URL, the scheme cut off. It derives the key on
/// every call (the SDK keeps no key cache).
fn sigv4_presign(identity: &Identity, now: SystemTime) -> String {
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(Duration::from_secs(900));
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(identity)
        .region(REGION)
        .name("rds-db")
        .time(now)
        .settings(settings)
        .build()
        .expect("signing params")
        .into();
    let url = format!("https://{HOST}:{PORT}/?Action=connect&DBUser={USER}");
    let request =
        SignableRequest::new("GET", &url, std::iter::empty(), SignableBody::Bytes(&[])).expect("signable request");
    let (instructions, _signature) = sign(request, &params).expect("signs").into_parts();
    let mut token = String::with_capacity(url.len() + 400);
    token.push_str(&url["https://".len()..]);
    for (name, value) in instructions.params() {
        token.push('&');
        token.push_str(name);
        token.push('=');
        token.extend(percent_encoding::utf8_percent_encode(value, QUERY_VALUE));
    }
    token
}

/// What a query value may keep raw: RFC 3986's unreserved characters.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

// ---------------------------------------------------------------------------
// Timing.

struct Case {
    name: &'static str,
    run: Box<dyn FnMut(u64) -> usize>,
    /// Per-round tokens/s.
    rounds: Vec<f64>,
    /// Single calls, nanoseconds.
    calls: Vec<u64>,
}

fn case(name: &'static str, run: impl FnMut(u64) -> usize + 'static) -> Case {
    Case { name, run: Box::new(run), rounds: Vec::new(), calls: Vec::new() }
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

/// Runs `f` for at least `target`, returns calls per second.
fn rate(f: &mut dyn FnMut(u64) -> usize, target: Duration, counter: &mut u64) -> f64 {
    let mut n: u64 = 0;
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            black_box(f(*counter));
            *counter += 1;
        }
        n += 64;
        let elapsed = start.elapsed();
        if elapsed >= target {
            return n as f64 / elapsed.as_secs_f64();
        }
    }
}

fn measure(cases: &mut [Case], rounds: usize, per_round: Duration, samples_per_round: usize) {
    let mut counter = 0u64;
    for case in cases.iter_mut() {
        rate(&mut case.run, per_round / 2, &mut counter); // warm-up
    }
    for round in 0..rounds {
        // Rotate the order so no case always runs after the same one.
        for k in 0..cases.len() {
            let case = &mut cases[(k + round) % cases.len()];
            case.rounds.push(rate(&mut case.run, per_round, &mut counter));
            for _ in 0..samples_per_round {
                let start = Instant::now();
                black_box((case.run)(counter));
                case.calls.push(start.elapsed().as_nanos() as u64);
                counter += 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The SHA-256 floor: the token's signature recomputed from its canonical
// request with a SHA-256 (sha2's own compression function) and an HMAC
// written here, counting every 64-byte block compressed.

struct CountingSha256 {
    blocks: usize,
}

impl CountingSha256 {
    const IV: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    fn digest(&mut self, parts: &[&[u8]]) -> [u8; 32] {
        let mut message: Vec<u8> = parts.concat();
        let bits = (message.len() as u64) * 8;
        message.push(0x80);
        while message.len() % 64 != 56 {
            message.push(0);
        }
        message.extend_from_slice(&bits.to_be_bytes());
        let mut state = Self::IV;
        for block in message.chunks_exact(64) {
            let block: [u8; 64] = block.try_into().expect("64 bytes");
            sha2::compress256(&mut state, &[block.into()]);
            self.blocks += 1;
        }
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// RFC 2104 with a key of at most one block (every SigV4 key is).
    fn hmac(&mut self, key: &[u8], data: &[u8]) -> [u8; 32] {
        assert!(key.len() <= 64);
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for (i, b) in key.iter().enumerate() {
            ipad[i] ^= b;
            opad[i] ^= b;
        }
        let inner = self.digest(&[&ipad, data]);
        self.digest(&[&opad, &inner])
    }
}

/// Blocks SHA-256 compresses for a message of `len` bytes (padding: 0x80,
/// zeros, 8 length bytes).
fn blocks(len: usize) -> usize {
    (len + 9).div_ceil(64)
}

/// Blocks for one HMAC-SHA256 over `len` bytes with a one-block key: the
/// inner hash over key block + message, the outer over key block + 32 bytes.
fn hmac_blocks(len: usize) -> usize {
    blocks(64 + len) + blocks(64 + 32)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Floor {
    canonical_request_bytes: usize,
    string_to_sign_bytes: usize,
    key_derivation: usize,
    canonical_request_hash: usize,
    signature_hmac: usize,
}

impl Floor {
    fn cached(&self) -> usize {
        self.canonical_request_hash + self.signature_hmac
    }
    fn cold(&self) -> usize {
        self.cached() + self.key_derivation
    }
}

/// Counts and checks: the recomputed signature must equal the token's, and
/// the count must equal the count from the message lengths.
fn floor(session_token: Option<&str>) -> Floor {
    let credentials = Credentials::new(ACCESS_KEY_ID, SECRET, session_token).expect("credentials");
    let token = sign_token(&TokenInput::rds(HOST, PORT, USER, REGION), &credentials, NOW_MS).expect("signs");
    let signature = token.split('&').find_map(|p| p.strip_prefix("X-Amz-Signature=")).expect("signature");

    // The same request through the crate's public pipeline types.
    let host = format!("{HOST}:{PORT}");
    let params = [("Action", "connect"), ("DBUser", USER)];
    let presign = Presign {
        host: &host,
        params: &params,
        access_key_id: ACCESS_KEY_ID,
        session_token,
        region: REGION,
        service: "rds-db",
        time: SigningTime::from_epoch_millis(NOW_MS).expect("time"),
        expires_in: 900,
    };
    let (_, request) = presign.canonical_request();
    let string_to_sign = presign.string_to_sign(&request);
    let canonical = request.as_str().as_bytes();
    let sts = string_to_sign.as_str();
    let amz_date = presign.amz_date();
    let date = &amz_date.as_str()[..8];

    let mut sha = CountingSha256 { blocks: 0 };
    let hash = hex(&sha.digest(&[canonical]));
    assert!(sts.ends_with(&hash), "string to sign carries the canonical request's hash");
    let canonical_request_hash = sha.blocks;

    let before = sha.blocks;
    let seed = format!("AWS4{SECRET}");
    let k_date = sha.hmac(seed.as_bytes(), date.as_bytes());
    let k_region = sha.hmac(&k_date, REGION.as_bytes());
    let k_service = sha.hmac(&k_region, b"rds-db");
    let k_signing = sha.hmac(&k_service, b"aws4_request");
    let key_derivation = sha.blocks - before;

    let before = sha.blocks;
    let recomputed = hex(&sha.hmac(&k_signing, sts.as_bytes()));
    let signature_hmac = sha.blocks - before;
    assert_eq!(recomputed, signature, "the counted computation reproduces the token's signature");

    let analytic_key: usize =
        [date.len(), REGION.len(), "rds-db".len(), "aws4_request".len()].iter().map(|&n| hmac_blocks(n)).sum();
    assert_eq!(canonical_request_hash, blocks(canonical.len()), "canonical request hash: counted = analytic");
    assert_eq!(key_derivation, analytic_key, "key derivation: counted = analytic");
    assert_eq!(signature_hmac, hmac_blocks(sts.len()), "signature HMAC: counted = analytic");

    Floor {
        canonical_request_bytes: canonical.len(),
        string_to_sign_bytes: sts.len(),
        key_derivation,
        canonical_request_hash,
        signature_hmac,
    }
}

/// Nanoseconds per compression of one block (median of rounds).
fn compression_ns(quick: bool) -> f64 {
    let mut state = CountingSha256::IV;
    let block = [0x5au8; 64].into();
    let n = if quick { 10_000 } else { 2_000_000 };
    let mut rounds: Vec<f64> = (0..if quick { 3 } else { 11 })
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                sha2::compress256(black_box(&mut state), black_box(std::slice::from_ref(&block)));
            }
            start.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    black_box(state);
    rounds.sort_by(f64::total_cmp);
    median(&rounds)
}

// ---------------------------------------------------------------------------

fn main() {
    let options = options();
    let (rounds, per_round, samples) =
        if options.quick { (3, Duration::from_millis(5), 100) } else { (11, Duration::from_millis(300), 5_000) };

    // Sanity: the aws-sigv4 token is a valid token for the same request, and
    // its signature is ours (both sort every parameter the same way).
    let identity: Identity = aws_credential_types::Credentials::new(ACCESS_KEY_ID, SECRET, None, None, "bench").into();
    let fixed = UNIX_EPOCH + Duration::from_millis(NOW_MS as u64);
    let theirs = sigv4_presign(&identity, fixed);
    let signer = Signer::new(Credentials::new(ACCESS_KEY_ID, SECRET, None).expect("credentials"));
    let ours = core_cached(&signer);
    let sig = |t: &str| t.split('&').find_map(|p| p.strip_prefix("X-Amz-Signature=")).map(str::to_owned);
    assert_eq!(sig(&theirs), sig(&ours), "aws-sigv4 and the core sign the same request");
    let params = |t: &str| {
        let mut all: Vec<(String, String)> = t
            .split(['?', '&'])
            .skip(1)
            .map(|p| p.split_once('=').expect("key=value"))
            .map(|(k, v)| (decode(k).expect("decodes"), decode(v).expect("decodes")))
            .collect();
        all.sort();
        all
    };
    assert_eq!(params(&theirs), params(&ours), "same parameters");

    // The TokenSigner path: parameters validated once, only the time per call.
    let signer_validated = Signer::new(Credentials::new(ACCESS_KEY_ID, SECRET, None).expect("credentials"));
    let validated = TokenInput::rds(HOST, PORT, USER, REGION).validate().expect("valid");
    assert_eq!(signer_validated.sign_params(&validated, NOW_MS).expect("signs"), ours);

    let cases = &mut [
        case("core sign_token (cold key)", |i| core_cold(i).len()),
        case("core Signer::sign (cached key)", move |_| core_cached(&signer).len()),
        case("core Signer::sign_params (validated once)", move |_| {
            signer_validated.sign_params(&validated, NOW_MS).map_or(0, |t| t.len())
        }),
        case("aws-sigv4 presign (as the Rust SDK generator)", move |i| {
            sigv4_presign(&identity, fixed + Duration::from_secs(i % 1024 * 86_400)).len()
        }),
    ];
    measure(cases, rounds, per_round, samples);

    let plain = floor(None);
    // An STS session token's usual length (base64 with `/`, `+`, `=`).
    let session: String = "FwoGZXIvYXdzEJr//////////wEaDH+Q3xAmpl3/T0k3n+".chars().cycle().take(880).collect();
    let with_session = floor(Some(&session));
    let compression = compression_ns(options.quick);
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    let shani = std::arch::is_x86_feature_detected!("sha");
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
    let shani = false;

    let mut json = String::from("{\n  \"cases\": [\n");
    eprintln!("{:<48} {:>12} {:>10} {:>10}", "native (Rust)", "tokens/s", "p50 us", "p99 us");
    let count = cases.len();
    for (i, c) in cases.iter_mut().enumerate() {
        c.rounds.sort_by(f64::total_cmp);
        c.calls.sort_unstable();
        let ops = median(&c.rounds);
        let (p50, p99) = (percentile(&c.calls, 0.5) as f64 / 1e3, percentile(&c.calls, 0.99) as f64 / 1e3);
        eprintln!("{:<48} {:>12.0} {:>10.2} {:>10.2}", c.name, ops, p50, p99);
        json += &format!(
            "    {{\"name\": \"{}\", \"opsPerSec\": {:.0}, \"p50Us\": {:.3}, \"p99Us\": {:.3}, \"rounds\": {}, \"samples\": {}}}{}\n",
            c.name,
            ops,
            p50,
            p99,
            c.rounds.len(),
            c.calls.len(),
            if i + 1 < count { "," } else { "" }
        );
    }
    let floor_json = |f: &Floor| {
        format!(
            "{{\"canonicalRequestBytes\": {}, \"stringToSignBytes\": {}, \"canonicalRequestHash\": {}, \"keyDerivation\": {}, \"signatureHmac\": {}, \"cached\": {}, \"cold\": {}}}",
            f.canonical_request_bytes,
            f.string_to_sign_bytes,
            f.canonical_request_hash,
            f.key_derivation,
            f.signature_hmac,
            f.cached(),
            f.cold()
        )
    };
    json += "  ],\n";
    json += &format!("  \"sha256Compressions\": {},\n", floor_json(&plain));
    json += &format!("  \"sha256CompressionsWithSessionToken\": {},\n", floor_json(&with_session));
    json += &format!("  \"sessionTokenChars\": {},\n", session.len());
    json += &format!("  \"compressionNs\": {compression:.2},\n");
    json += &format!("  \"cpuShaExtensions\": {shani},\n");
    json += &format!("  \"quick\": {}\n}}\n", options.quick);

    eprintln!(
        "SHA-256 compressions per token: {} cached key, {} cold (canonical request {} B -> {}, string to sign {} B -> HMAC {}, key derivation {}); \
         with a {}-char session token: {} / {}",
        plain.cached(),
        plain.cold(),
        plain.canonical_request_bytes,
        plain.canonical_request_hash,
        plain.string_to_sign_bytes,
        plain.signature_hmac,
        plain.key_derivation,
        session.len(),
        with_session.cached(),
        with_session.cold()
    );
    eprintln!(
        "one compression: {compression:.1} ns (SHA extensions: {}); floor {:.2} us cached, {:.2} us cold",
        if shani { "yes" } else { "no" },
        compression * plain.cached() as f64 / 1e3,
        compression * plain.cold() as f64 / 1e3
    );
    if let Some(path) = options.json {
        std::fs::write(&path, json).expect("writes the JSON results");
    }
}
