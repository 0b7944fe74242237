//! Operators' sign-in: Argon2 passwords, server-side sessions, growing waits after wrong
//! passwords for each account and client address.

use std::net::IpAddr;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_login::{AuthSession, AuthUser, AuthnBackend};
use pim_domain::Clock;
use pim_store::{Operator, Store, StoreError};
use time::OffsetDateTime;

use crate::AppState;

/// Wrong passwords in a row for one account from one address that cost nothing; after
/// each further one that address waits before its next try for that account, first
/// `FIRST_WAIT`, then twice as long each time, up to `LONGEST_WAIT`. Other addresses are
/// not held back: nobody can lock an operator out by guessing wrong.
pub const FREE_FAILURES: u32 = 4;
pub const FIRST_WAIT: Duration = Duration::from_secs(30);
pub const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);
/// A pair that has not failed for this long starts again from nothing.
pub const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How long an address waits after its `failures`-th wrong password in a row.
pub fn wait_after(failures: u32) -> Duration {
    let Some(beyond) = failures.checked_sub(FREE_FAILURES + 1) else { return Duration::ZERO };
    FIRST_WAIT.saturating_mul(1 << beyond.min(16)).min(LONGEST_WAIT)
}
/// A session ends after this long without a request, and this long after sign-in whatever.
pub const IDLE_EXPIRY: time::Duration = time::Duration::minutes(30);
pub const ABSOLUTE_EXPIRY: time::Duration = time::Duration::hours(12);
const SIGNED_IN_AT: &str = "signed_in_at";
/// Where an operator sets their password.
pub const PASSWORD_PAGE: &str = "/admin/password";
/// The moment of the session's last request, for the idle expiry.
const LAST_SEEN_AT: &str = "last_seen_at";

/// A hash to verify against when the email is unknown, so the time taken does not tell
/// which operators exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("not a password of anyone's"));

/// An operator as the session layer knows them. Changing the password changes the
/// digest, which ends every session opened with the old one; the session record keeps
/// the digest, never the password hash itself.
#[derive(Clone, Debug)]
pub struct OperatorUser {
    pub operator: Operator,
    password_digest: [u8; 32],
}

impl OperatorUser {
    pub(crate) fn new(operator: Operator) -> OperatorUser {
        use sha2::Digest;
        let password_digest = sha2::Sha256::digest(operator.password_hash.as_bytes()).into();
        OperatorUser { operator, password_digest }
    }
}

impl AuthUser for OperatorUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.operator.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.password_digest
    }
}

#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// Where the attempt comes from: wrong passwords are counted per account and address.
    pub address: IpAddr,
}

#[derive(Clone)]
pub struct Backend {
    store: Store,
    clock: Clock,
}

impl Backend {
    pub fn new(store: Store, clock: Clock) -> Backend {
        Backend { store, clock }
    }
}

pub(crate) async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok()).await.unwrap_or(false)
}

impl AuthnBackend for Backend {
    type User = OperatorUser;
    type Credentials = Credentials;
    type Error = StoreError;

    /// The operator, if the password is right and the account open; counts wrong
    /// passwords for the account and address (the caller checks the wait first).
    async fn authenticate(&self, credentials: Credentials) -> Result<Option<OperatorUser>, StoreError> {
        let now = (self.clock)();
        let address = credentials.address.to_string();
        let operator = self.store.operator_by_email(&credentials.email).await?;
        // An unknown email costs the same time and counts the same: nothing tells which exist.
        let hash = operator.as_ref().map_or_else(|| DUMMY_HASH.clone(), |operator| operator.password_hash.clone());
        let right = verify(credentials.password, hash).await;
        match operator {
            Some(operator) if right && !operator.disabled => {
                self.store.clear_sign_in_failures(&credentials.email, &address).await?;
                Ok(Some(OperatorUser::new(operator)))
            }
            Some(operator) if right => {
                tracing::info!(operator_id = operator.id, "a disabled operator tried to sign in");
                Ok(None)
            }
            _ => {
                let failures = self
                    .store
                    .record_sign_in_failure(&credentials.email, &address, now, FORGET_FAILURES_AFTER, wait_after)
                    .await?;
                if failures > FREE_FAILURES {
                    tracing::warn!(client = %address, failures, "wrong passwords in a row from one address");
                }
                Ok(None)
            }
        }
    }

    /// Every request: a disabled operator's session stops working at once.
    async fn get_user(&self, id: &i64) -> Result<Option<OperatorUser>, StoreError> {
        Ok(self.store.operator(*id).await?.filter(|operator| !operator.disabled).map(OperatorUser::new))
    }
}

pub type OperatorSession = AuthSession<Backend>;

/// Records the sign-in moment, for the absolute expiry.
pub async fn mark_signed_in(session: &OperatorSession, now: OffsetDateTime) {
    if let Err(error) = session.session.insert(SIGNED_IN_AT, now.unix_timestamp()).await {
        tracing::error!(%error, "cannot record the sign-in time");
    }
}

/// The operator behind the request; anyone else is sent to the sign-in page.
pub struct SignedIn {
    pub operator: Operator,
    pub session: OperatorSession,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let mut session =
            OperatorSession::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let to_login = || Redirect::to("/admin/login").into_response();
        let Some(user) = session.user.clone() else { return Err(to_login()) };
        let now = state.now();
        let moment = async |key: &str| -> Option<OffsetDateTime> {
            let at: Option<i64> = session.session.get(key).await.ok().flatten();
            at.and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok())
        };
        let signed_in_at = moment(SIGNED_IN_AT).await;
        // Sessions from before the idle rule have no last request: their sign-in stands in.
        let last_seen_at = moment(LAST_SEEN_AT).await.or(signed_in_at);
        let expired = signed_in_at.is_none_or(|at| now - at > ABSOLUTE_EXPIRY)
            || last_seen_at.is_none_or(|at| now - at > IDLE_EXPIRY);
        if expired {
            let _ = session.logout().await;
            return Err(to_login());
        }
        // Saving the session also moves its cookie's and record's expiry on.
        if let Err(error) = session.session.insert(LAST_SEEN_AT, now.unix_timestamp()).await {
            tracing::error!(%error, "cannot record the session's last request");
        }
        // A password someone else chose is replaced before anything else is done.
        if user.operator.password_change_required && ![PASSWORD_PAGE, "/admin/logout"].contains(&parts.uri.path()) {
            return Err(Redirect::to(PASSWORD_PAGE).into_response());
        }
        Ok(SignedIn { operator: user.operator, session })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_wrong_password_beyond_the_free_ones_up_to_an_hour() {
        let waits: Vec<u64> = (1..=14).map(|failures| wait_after(failures).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(wait_after(u32::MAX), LONGEST_WAIT);
    }
}
