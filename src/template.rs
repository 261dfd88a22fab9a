//! The request to sign with its two date fields left blank: the scope date
//! inside `X-Amz-Credential` and `X-Amz-Date`. Everything else in the
//! canonical request, the string to sign and the token is fixed by the
//! parameters and the credentials, so a [`Template`] is built once (encoded,
//! sorted, laid out) and each signature only writes the two dates while
//! hashing: no allocation but the token itself, no encoding, no sorting.
//! Signing and verifying both go through it.

use alloc::{string::String, vec::Vec};

use crate::{
    amz_date::AmzDate,
    canonical::EMPTY_PAYLOAD_SHA256,
    encode::{encode_bytes, encoded_cmp, sort_encoded},
    presign::Presign,
    scope::CredentialScope,
    sha256::{Hmac, Sha256},
    string_to_sign::ALGORITHM,
};

/// What the date blanks hold until written (any date would do: the epoch's).
const BLANK_AMZ_DATE: &str = "19700101T000000Z";
const BLANK_DATE: &str = "19700101";

/// Where the signature goes among the sorted keys (`X-Amz-Signature`).
const SIGNATURE_KEY: &str = "X-Amz-Signature";

/// One request's canonical text and where its blanks are.
#[derive(Clone)]
pub(crate) struct Template {
    /// `GET\n/\n<query>\nhost:<host>\n\nhost\n<empty payload hash>`, then the
    /// scope's tail `/<region>/<service>/aws4_request\n` for the string to
    /// sign. The date blanks hold the epoch's date until written.
    text: Vec<u8>,
    /// `X-Amz-Credential`'s value: `<access key id>%2F<date>%2F<region>%2F<service>%2Faws4_request`.
    credential_at: usize,
    credential_end: usize,
    /// The scope's `YYYYMMDD` inside `X-Amz-Credential`.
    date_at: usize,
    /// `X-Amz-Date`'s 16 bytes.
    amz_date_at: usize,
    /// Where `&X-Amz-Signature=<hex>` goes into the token's query (after
    /// the pair ending here; `X-Amz-Algorithm` always sorts before it).
    signature_at: usize,
    query_end: usize,
    host_end: usize,
    request_end: usize,
    /// The scope's region and service, inside the tail.
    region_len: usize,
    service_len: usize,
    /// SHA-256 with the canonical request up to the first blank already
    /// hashed (its whole blocks: one of the 6 to 7 per token).
    prefix: Sha256,
}

impl Template {
    /// Lays out `presign`'s request (its time is ignored: every signature
    /// brings its own).
    pub(crate) fn new(presign: &Presign<'_>) -> Self {
        let expires = presign.expires();
        let mut pairs = presign.pairs("", BLANK_AMZ_DATE, &expires);
        sort_encoded(&mut pairs);
        // Laid out as bytes (encoding appends bytes; no UTF-8 checks per
        // piece): encoded parts are ASCII and the rest came as text, so
        // every piece `part` reads back is text.
        // Room for a token's request without a session token (one grows it).
        let mut bytes: Vec<u8> = Vec::with_capacity(640);
        push_bytes(&mut bytes, &[b"GET\n/\n"]);
        let (mut credential_at, mut credential_end, mut date_at, mut amz_date_at, mut signature_at) = (0, 0, 0, 0, 0);
        for (key, value) in pairs {
            // The signature goes before the first key that sorts after it.
            if signature_at == 0 && encoded_cmp(key, SIGNATURE_KEY).is_gt() {
                signature_at = bytes.len();
            }
            let separator: &[u8] = if bytes.len() > 6 { b"&" } else { b"" };
            push_bytes(&mut bytes, &[separator]);
            encode_bytes(&mut bytes, key);
            push_bytes(&mut bytes, &[b"="]);
            if key == "X-Amz-Date" {
                amz_date_at = bytes.len();
            }
            if key == "X-Amz-Credential" {
                // `<access key id>/<date>/<region>/<service>/aws4_request`, encoded.
                credential_at = bytes.len();
                encode_bytes(&mut bytes, presign.access_key_id);
                push_bytes(&mut bytes, &[b"%2F"]);
                date_at = bytes.len();
                for part in [BLANK_DATE, "/", presign.region, "/", presign.service, "/aws4_request"] {
                    encode_bytes(&mut bytes, part);
                }
                credential_end = bytes.len();
            } else {
                encode_bytes(&mut bytes, value);
            }
        }
        let query_end = bytes.len();
        if signature_at == 0 {
            signature_at = query_end;
        }
        push_bytes(&mut bytes, &[b"\nhost:", presign.host.as_bytes()]);
        let host_end = bytes.len();
        push_bytes(&mut bytes, &[b"\n\nhost\n", EMPTY_PAYLOAD_SHA256.as_bytes()]);
        let request_end = bytes.len();
        push_bytes(
            &mut bytes,
            &[b"/", presign.region.as_bytes(), b"/", presign.service.as_bytes(), b"/aws4_request\n"],
        );
        let mut prefix = Sha256::new();
        prefix.update(bytes.get(..date_at).unwrap_or_default());
        Self {
            text: bytes,
            credential_at,
            credential_end,
            date_at,
            amz_date_at,
            signature_at,
            query_end,
            host_end,
            request_end,
            region_len: presign.region.len(),
            service_len: presign.service.len(),
            prefix,
        }
    }

    fn part(&self, from: usize, to: usize) -> &str {
        // Every offset is at an ASCII byte, so this never fails.
        core::str::from_utf8(self.bytes(from, to)).unwrap_or_default()
    }

    /// The scope's region and service.
    fn region_service(&self) -> (&str, &str) {
        let region_at = self.request_end + 1;
        let service_at = region_at + self.region_len + 1;
        (self.part(region_at, region_at + self.region_len), self.part(service_at, service_at + self.service_len))
    }

    /// The credential scope on `amz_date`'s day.
    pub(crate) fn scope<'a>(&'a self, amz_date: &'a AmzDate) -> CredentialScope<'a> {
        let (region, service) = self.region_service();
        CredentialScope { date: amz_date.date(), region, service }
    }

    /// Whom and what this request's keys are for: `X-Amz-Credential`'s
    /// value with its date blank, which names the access key id, region and
    /// service (encoded: `/` only as the separators' `%2F`), for the key
    /// caches to compare in plain beside the secret's [`KeyTag`].
    pub(crate) fn key_names(&self) -> &str {
        self.part(self.credential_at, self.credential_end)
    }

    /// The canonical request's pieces from the first blank on, dated.
    fn dated_request<'a>(&'a self, amz_date: &'a [u8; 16]) -> [&'a [u8]; 4] {
        [
            amz_date.get(..8).unwrap_or_default(),
            self.bytes(self.date_at + 8, self.amz_date_at),
            amz_date,
            self.bytes(self.amz_date_at + 16, self.request_end),
        ]
    }

    /// Bytes of the text (for hashing: no char-boundary checks).
    fn bytes(&self, from: usize, to: usize) -> &[u8] {
        self.text.get(from..to).unwrap_or_default()
    }

    /// The canonical request's text at `amz_date` (for the step-by-step API).
    pub(crate) fn canonical_request(&self, amz_date: &AmzDate) -> String {
        let (amz, date) = (amz_date.as_str(), amz_date.date());
        let mut text = String::with_capacity(self.request_end);
        crate::push_all(
            &mut text,
            &[
                self.part(0, self.date_at),
                date,
                self.part(self.date_at + 8, self.amz_date_at),
                amz,
                self.part(self.amz_date_at + 16, self.request_end),
            ],
        );
        text
    }

    /// `key` (a MAC keyed with the signing key) over the string to sign at
    /// `amz_date`, ready to finalize or verify.
    pub(crate) fn mac(&self, amz_date: &AmzDate, key: &Hmac) -> Hmac {
        let amz = amz_date.as_bytes();
        let mut hash = self.prefix.clone();
        for piece in self.dated_request(amz) {
            hash.update(piece);
        }
        let hash = crate::hex::encode(hash.finalize());
        let mut mac = key.clone();
        for piece in [
            ALGORITHM.as_bytes(),
            b"\n",
            amz,
            b"\n",
            amz.get(..8).unwrap_or_default(),
            self.bytes(self.request_end, self.text.len()),
            &hash,
        ] {
            mac.update(piece);
        }
        mac
    }

    /// The token signed with `key` at `amz_date`: `host/?` and every
    /// parameter, the signature at its sorted place. (As bytes: every
    /// piece is ASCII, and the wasm hands bytes to JS.)
    pub(crate) fn sign(&self, amz_date: &AmzDate, key: &Hmac) -> Vec<u8> {
        let signature = crate::hex::encode(self.mac(amz_date, key).finalize());
        let amz = amz_date.as_bytes();
        let host = self.bytes(self.query_end + 6, self.host_end);
        let mut token = Vec::with_capacity(host.len() + self.query_end + 96);
        push_bytes(
            &mut token,
            &[
                host,
                b"/?",
                self.bytes(6, self.date_at),
                amz.get(..8).unwrap_or_default(),
                self.bytes(self.date_at + 8, self.amz_date_at),
                amz,
                self.bytes(self.amz_date_at + 16, self.signature_at),
                b"&X-Amz-Signature=",
                &signature,
                self.bytes(self.signature_at, self.query_end),
            ],
        );
        token
    }
}

/// Appends `parts`' bytes to `out` (out of line: one copy of the growth and
/// copy code).
#[inline(never)]
fn push_bytes(out: &mut Vec<u8>, parts: &[&[u8]]) {
    for part in parts {
        out.extend_from_slice(part);
    }
}

impl core::fmt::Debug for Template {
    // Never the text: it holds the session token.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Template").field("len", &self.text.len()).finish_non_exhaustive()
    }
}
