//! The one SigV4 query presigner every token kind shares:
//! canonical request -> string to sign -> signing key -> signature -> token.

use alloc::{string::String, vec::Vec};

use crate::{
    amz_date::{AmzDate, SigningTime},
    canonical::{CanonicalQuery, CanonicalRequest},
    encode::push_decimal,
    scope::CredentialScope,
    signing_key::SigningKey,
    string_to_sign::{StringToSign, ALGORITHM},
    template::Template,
};

/// A `GET /` request to presign with one signed header, `host`. Its `Debug`
/// redacts the session token.
#[derive(Clone)]
pub struct Presign<'a> {
    /// The `host` header exactly as signed, e.g. `db.example.com:5432`.
    pub host: &'a str,
    /// Operation parameters, raw (encoded here), e.g. `("Action", "connect")`.
    pub params: &'a [(&'a str, &'a str)],
    /// Goes into `X-Amz-Credential`.
    pub access_key_id: &'a str,
    /// `X-Amz-Security-Token`, signed inside the query.
    pub session_token: Option<&'a str>,
    /// Region of the credential scope.
    pub region: &'a str,
    /// SigV4 service name of the credential scope.
    pub service: &'a str,
    /// The signing time.
    pub time: SigningTime,
    /// `X-Amz-Expires`, seconds.
    pub expires_in: u32,
}

impl core::fmt::Debug for Presign<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Presign")
            .field("host", &self.host)
            .field("params", &self.params)
            .field("access_key_id", &self.access_key_id)
            .field("session_token", &self.session_token.map(|_| "<redacted>"))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl Presign<'_> {
    /// The `X-Amz-Date` of the signing time.
    pub fn amz_date(&self) -> AmzDate {
        self.time.amz_date()
    }

    /// The query that gets signed: operation parameters plus `X-Amz-*`.
    pub fn canonical_query(&self, amz_date: &AmzDate) -> CanonicalQuery {
        let mut credential = String::with_capacity(self.access_key_id.len() + 48);
        credential.push_str(self.access_key_id);
        credential.push('/');
        CredentialScope::new(amz_date, self.region, self.service).write_to(&mut credential);
        let expires = self.expires();
        CanonicalQuery::new(self.pairs(&credential, amz_date.as_str(), &expires))
    }

    /// `X-Amz-Expires`' value.
    pub(crate) fn expires(&self) -> String {
        let mut expires = String::with_capacity(6);
        push_decimal(&mut expires, u64::from(self.expires_in));
        expires
    }

    /// The query's raw pairs, unsorted, with the given values of
    /// `X-Amz-Credential`, `X-Amz-Date` and `X-Amz-Expires`.
    pub(crate) fn pairs<'a>(
        &'a self,
        credential: &'a str,
        amz_date: &'a str,
        expires: &'a str,
    ) -> Vec<(&'a str, &'a str)> {
        let auth = [
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", amz_date),
            ("X-Amz-Expires", expires),
            ("X-Amz-SignedHeaders", "host"),
        ];
        // Pushed, not `chain`ed and collected: that brings a formatted
        // "capacity overflow" panic into the wasm.
        let mut pairs = Vec::with_capacity(self.params.len() + auth.len() + 2);
        pairs.extend_from_slice(self.params);
        pairs.extend_from_slice(&auth);
        if let Some(token) = self.session_token {
            pairs.push(("X-Amz-Security-Token", token));
        }
        pairs
    }

    /// Step 1: the canonical request, and the query it was built from.
    pub fn canonical_request(&self) -> (CanonicalQuery, CanonicalRequest) {
        let amz_date = self.amz_date();
        let request = CanonicalRequest::from_text(Template::new(self).canonical_request(&amz_date));
        (self.canonical_query(&amz_date), request)
    }

    /// Step 2: the string to sign for a canonical request.
    pub fn string_to_sign(&self, request: &CanonicalRequest) -> StringToSign {
        let amz_date = self.amz_date();
        StringToSign::new(&amz_date, &CredentialScope::new(&amz_date, self.region, self.service), request)
    }

    /// The whole pipeline with a derived key (step 3); returns the token:
    /// `host/?` and every parameter, signature included, sorted by key.
    pub fn sign(&self, key: &SigningKey) -> String {
        crate::token_text(Template::new(self).sign(&self.amz_date(), &key.mac()))
    }

    /// Checks a signature against this request in constant time.
    pub fn verify(&self, key: &SigningKey, signature: &[u8]) -> bool {
        Template::new(self).mac(&self.amz_date(), &key.mac()).verify(signature)
    }
}
