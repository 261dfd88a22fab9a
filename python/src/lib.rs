//! `rds_iam_edge._core`: the only file that knows PyO3. Thin and flat, as the
//! wasm boundary is: strings and integers in, a string (or a tuple) out. The
//! friendly API (keyword arguments, credential objects, datetimes, defaults)
//! lives in the Python package, which checks types before calling here.
//!
//! Every failure leaves as `rds_iam_edge.RdsIamError(code, field, reason)`
//! through [`raise`], with the field spelled as the Python caller spells it.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use rds_iam_edge::{Credentials, Error, ErrorCode, Expectations, Service, Signer, TokenInput, TokenParams};

/// No real field comes near this (the JS layer's limit too).
const MAX_TEXT_BYTES: usize = 64 * 1024;

static ERROR_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The one conversion: a core error (or one of ours) as an `RdsIamError`.
fn raise(py: Python<'_>, code: &str, field: Option<&str>, reason: &str) -> PyErr {
    let class = ERROR_CLASS.get_or_try_init(py, || -> PyResult<Py<PyType>> {
        Ok(py.import("rds_iam_edge._errors")?.getattr("RdsIamError")?.cast_into::<PyType>()?.unbind())
    });
    let made = class.and_then(|class| class.bind(py).call1((code, field.map(python_field), reason)));
    match made {
        Ok(error) => PyErr::from_value(error),
        Err(error) => error,
    }
}

fn core_error(py: Python<'_>, error: Error) -> PyErr {
    raise(py, error.code().as_str(), error.field(), error.reason())
}

/// The core names fields as the JS API does; Python callers spell them in snake case.
fn python_field(field: &str) -> &str {
    match field {
        "expiresIn" => "expires_in",
        "skewSeconds" => "skew_seconds",
        "credentials.accessKeyId" => "credentials.access_key_id",
        "credentials.secretAccessKey" => "credentials.secret_access_key",
        "credentials.sessionToken" => "credentials.session_token",
        other => other,
    }
}

/// The code a field's malformed text gets (a lone surrogate, or far too long).
fn text_code(field: &str) -> &'static str {
    match field {
        "service" => ErrorCode::InvalidService.as_str(),
        "hostname" => ErrorCode::InvalidHostname.as_str(),
        "username" => ErrorCode::InvalidUsername.as_str(),
        "region" => ErrorCode::InvalidRegion.as_str(),
        "token" => ErrorCode::InvalidToken.as_str(),
        f if f.starts_with("credentials.") || f == "keys" => ErrorCode::InvalidCredentials.as_str(),
        _ => ErrorCode::InvalidInput.as_str(),
    }
}

/// A Python `str` as UTF-8: lone surrogates cannot be signed (they have no
/// UTF-8 form), so they are an error naming the field, never replaced.
fn text<'a>(value: &'a Bound<'_, PyString>, field: &'static str) -> PyResult<Cow<'a, str>> {
    let py = value.py();
    let text =
        value.to_cow().map_err(|_| raise(py, text_code(field), Some(field), "must not contain lone surrogates"))?;
    if text.len() > MAX_TEXT_BYTES {
        return Err(raise(py, text_code(field), Some(field), "is too long"));
    }
    Ok(text)
}

fn optional_text<'a>(value: Option<&'a Bound<'_, PyString>>, field: &'static str) -> PyResult<Option<Cow<'a, str>>> {
    value.map(|v| text(v, field)).transpose()
}

fn millis(py: Python<'_>, seconds: i64) -> PyResult<i64> {
    seconds.checked_mul(1000).ok_or_else(|| raise(py, ErrorCode::InvalidTime.as_str(), Some("now"), "is out of range"))
}

/// The token fields as the core's input, handed to `f` (the text borrows from Python).
#[allow(clippy::too_many_arguments)]
fn with_input<R>(
    py: Python<'_>,
    service: &Bound<'_, PyString>,
    hostname: &Bound<'_, PyString>,
    port: Option<i64>,
    username: Option<&Bound<'_, PyString>>,
    region: &Bound<'_, PyString>,
    expires_in: Option<i64>,
    admin: Option<bool>,
    serverless: Option<bool>,
    f: impl FnOnce(&TokenInput<'_>) -> Result<R, Error>,
) -> PyResult<R> {
    let service = Service::parse(&text(service, "service")?).map_err(|e| core_error(py, e))?;
    let hostname = text(hostname, "hostname")?;
    let username = optional_text(username, "username")?;
    let region = text(region, "region")?;
    let input = TokenInput {
        service,
        hostname: &hostname,
        port,
        username: username.as_deref(),
        region: &region,
        expires_in,
        admin,
        serverless,
    };
    f(&input).map_err(|e| core_error(py, e))
}

fn credentials(
    py: Python<'_>,
    access_key_id: &Bound<'_, PyString>,
    secret_access_key: &Bound<'_, PyString>,
    session_token: Option<&Bound<'_, PyString>>,
    expiration: Option<i64>,
) -> PyResult<Credentials> {
    let akid = text(access_key_id, "credentials.accessKeyId")?;
    let secret = text(secret_access_key, "credentials.secretAccessKey")?;
    let session = optional_text(session_token, "credentials.sessionToken")?;
    let credentials = Credentials::new(&akid, &secret, session.as_deref()).map_err(|e| core_error(py, e))?;
    Ok(match expiration {
        Some(end) => credentials.with_expiration(end),
        None => credentials,
    })
}

/// Static parts checked once; [`Signer::sign`] takes only the time.
#[pyclass(frozen, module = "rds_iam_edge._core", name = "Signer")]
struct PySigner {
    signer: Signer,
    params: TokenParams,
}

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (service, hostname, port, username, region, access_key_id, secret_access_key, session_token, expiration, expires_in, admin, serverless))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        service: &Bound<'_, PyString>,
        hostname: &Bound<'_, PyString>,
        port: Option<i64>,
        username: Option<&Bound<'_, PyString>>,
        region: &Bound<'_, PyString>,
        access_key_id: &Bound<'_, PyString>,
        secret_access_key: &Bound<'_, PyString>,
        session_token: Option<&Bound<'_, PyString>>,
        expiration: Option<i64>,
        expires_in: Option<i64>,
        admin: Option<bool>,
        serverless: Option<bool>,
    ) -> PyResult<Self> {
        let params =
            with_input(py, service, hostname, port, username, region, expires_in, admin, serverless, |i| i.validate())?;
        let credentials = credentials(py, access_key_id, secret_access_key, session_token, expiration)?;
        Ok(Self { signer: Signer::new(credentials), params })
    }

    /// Signs at `now` (whole epoch seconds), with the kept signing key.
    fn sign(&self, py: Python<'_>, now: i64) -> PyResult<String> {
        self.signer.sign_params(&self.params, millis(py, now)?).map_err(|e| core_error(py, e))
    }

    /// The region the tokens are signed for.
    #[getter]
    fn region(&self) -> &str {
        self.params.region()
    }

    /// The token lifetime, seconds.
    #[getter]
    fn expires_in(&self) -> u32 {
        self.params.expires_in()
    }

    fn __repr__(&self) -> String {
        // The access key id is in every token in the clear; nothing else is shown.
        format!(
            "<rds_iam_edge._core.Signer service={} region={} access_key_id={}>",
            self.params.service().as_str(),
            self.params.region(),
            self.signer.credentials().access_key_id()
        )
    }
}

/// Signs one token at `now` (whole epoch seconds), deriving the key afresh
/// (the core's one-shot path keeps no copy of the credentials).
#[pyfunction]
#[pyo3(signature = (service, hostname, port, username, region, access_key_id, secret_access_key, session_token, expiration, expires_in, admin, serverless, now))]
#[allow(clippy::too_many_arguments)]
fn sign(
    py: Python<'_>,
    service: &Bound<'_, PyString>,
    hostname: &Bound<'_, PyString>,
    port: Option<i64>,
    username: Option<&Bound<'_, PyString>>,
    region: &Bound<'_, PyString>,
    access_key_id: &Bound<'_, PyString>,
    secret_access_key: &Bound<'_, PyString>,
    session_token: Option<&Bound<'_, PyString>>,
    expiration: Option<i64>,
    expires_in: Option<i64>,
    admin: Option<bool>,
    serverless: Option<bool>,
    now: i64,
) -> PyResult<String> {
    let now_ms = millis(py, now)?;
    let credentials = credentials(py, access_key_id, secret_access_key, session_token, expiration)?;
    with_input(py, service, hostname, port, username, region, expires_in, admin, serverless, |input| {
        rds_iam_edge::sign_token(input, &credentials, now_ms)
    })
}

/// The core's keyed digest of a whole identity (access key id, secret,
/// session token), for cache keys: never the secret itself.
#[pyfunction]
fn identity_digest<'py>(
    py: Python<'py>,
    key: &[u8],
    access_key_id: &Bound<'_, PyString>,
    secret_access_key: &Bound<'_, PyString>,
    session_token: Option<&Bound<'_, PyString>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let akid = text(access_key_id, "credentials.accessKeyId")?;
    let secret = text(secret_access_key, "credentials.secretAccessKey")?;
    let session = optional_text(session_token, "credentials.sessionToken")?;
    let digest = rds_iam_edge::identity_digest(key, &akid, &secret, session.as_deref());
    Ok(PyBytes::new(py, &digest))
}

/// The region an RDS, RDS Proxy, Aurora or DSQL endpoint names, or None.
#[pyfunction]
fn endpoint_region(hostname: &Bound<'_, PyString>) -> Option<String> {
    let hostname = hostname.to_cow().ok()?;
    rds_iam_edge::endpoint_region(&hostname).map(str::to_owned)
}

/// Raises the core's `INVALID_SERVICE` unless `name` is a kind; returns the
/// kind's name. Text with lone surrogates is no kind's name either.
#[pyfunction]
fn parse_service(py: Python<'_>, name: &Bound<'_, PyString>) -> PyResult<&'static str> {
    let name = name.to_cow().unwrap_or_default();
    Service::parse(&name).map(Service::as_str).map_err(|e| core_error(py, e))
}

/// The core's kind table, as the Python layer needs it: `{name: (signing
/// service, which of port, username, admin, serverless it takes, whether its
/// hostname may name the region)}`. Another of those given is `NOT_APPLICABLE`.
fn kinds(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let table = PyDict::new(py);
    for service in Service::ALL {
        let takes = [
            ("port", service.port_required()),
            ("username", service.user_parameter().is_some()),
            ("admin", service.admin_action().is_some()),
            ("serverless", service.serverless_applies()),
        ];
        let fields: Vec<&str> = takes.into_iter().filter_map(|(field, taken)| taken.then_some(field)).collect();
        let facts = (service.signing_name(), PyTuple::new(py, fields)?, service.region_from_hostname());
        table.set_item(service.as_str(), facts)?;
    }
    Ok(table)
}

/// A token's fields: (service, action, hostname, port, username, region,
/// access_key_id, signed_at seconds, expires_in, has_session_token, serverless).
#[pyfunction]
fn inspect<'py>(py: Python<'py>, token: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
    let info = rds_iam_edge::inspect(&text(token, "token")?).map_err(|e| core_error(py, e))?;
    (
        info.service.as_str(),
        info.action,
        info.hostname,
        info.port,
        info.username,
        info.region,
        info.access_key_id,
        info.signed_at.epoch_seconds(),
        info.expires_in,
        info.has_session_token,
        info.serverless,
    )
        .into_pyobject(py)
}

/// Verifies a token at `now` (whole epoch seconds); raises the failure.
/// `keys` is a list of (access key id, secret) pairs; `any_secret`, when
/// given, is the secret for every access key id.
#[pyfunction]
#[pyo3(signature = (token, keys, any_secret, now, username, hostname, port, skew_seconds))]
#[allow(clippy::too_many_arguments)]
fn verify(
    py: Python<'_>,
    token: &Bound<'_, PyString>,
    keys: &Bound<'_, PyList>,
    any_secret: Option<&Bound<'_, PyString>>,
    now: i64,
    username: Option<&Bound<'_, PyString>>,
    hostname: Option<&Bound<'_, PyString>>,
    port: Option<u16>,
    skew_seconds: u32,
) -> PyResult<()> {
    let now_ms = millis(py, now)?;
    let any_secret = optional_text(any_secret, "credentials.secretAccessKey")?;
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(keys.len());
    for pair in keys.iter() {
        let (akid, secret) = pair.extract::<(Bound<'_, PyString>, Bound<'_, PyString>)>()?;
        pairs.push((text(&akid, "keys")?.into_owned(), text(&secret, "keys")?.into_owned()));
    }
    let username = optional_text(username, "username")?;
    let hostname = optional_text(hostname, "hostname")?;
    let expect = Expectations { username: username.as_deref(), hostname: hostname.as_deref(), port, skew_seconds };
    let secret_for =
        |akid: &str| any_secret.as_deref().or_else(|| pairs.iter().find(|(k, _)| k == akid).map(|(_, s)| s.as_str()));
    rds_iam_edge::verify(&text(token, "token")?, secret_for, now_ms, &expect).map(|_| ()).map_err(|e| core_error(py, e))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySigner>()?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(endpoint_region, m)?)?;
    m.add_function(wrap_pyfunction!(identity_digest, m)?)?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(parse_service, m)?)?;
    // The core's kind table: Python reads which kinds exist and their facts, never copies them.
    m.add("KINDS", kinds(m.py())?)?;
    // The core's one list of codes, in its order: Python reads it, never copies it.
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    m.add("ERROR_CODES", PyTuple::new(m.py(), codes)?)?;
    Ok(())
}
