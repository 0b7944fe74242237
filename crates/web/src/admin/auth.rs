//! Operators' sign-in: Argon2 passwords, server-side sessions, locks after wrong passwords.

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_login::{AuthSession, AuthUser, AuthnBackend};
use pim_domain::Clock;
use pim_store::{Operator, Store, StoreError};
use time::OffsetDateTime;

use crate::AppState;

/// Wrong passwords in a row that lock an account, and for how long.
pub const FAILURES_BEFORE_LOCK: u32 = 5;
pub const LOCK: Duration = Duration::from_secs(15 * 60);
/// A session ends after this long without a request, and this long after sign-in whatever.
pub const IDLE_EXPIRY: time::Duration = time::Duration::minutes(30);
pub const ABSOLUTE_EXPIRY: time::Duration = time::Duration::hours(12);
const SIGNED_IN_AT: &str = "signed_in_at";
/// The moment of the session's last request, for the idle expiry.
const LAST_SEEN_AT: &str = "last_seen_at";

/// A hash to verify against when the email is unknown, so the time taken does not tell
/// which operators exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("not a password of anyone's"));

/// An operator as the session layer knows them. Changing the password changes the hash,
/// which ends every session opened with the old one.
#[derive(Clone, Debug)]
pub struct OperatorUser(pub Operator);

impl AuthUser for OperatorUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.0.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.0.password_hash.as_bytes()
    }
}

#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
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

async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok()).await.unwrap_or(false)
}

impl AuthnBackend for Backend {
    type User = OperatorUser;
    type Credentials = Credentials;
    type Error = StoreError;

    /// The operator, if the password is right and the account open; counts wrong passwords.
    async fn authenticate(&self, credentials: Credentials) -> Result<Option<OperatorUser>, StoreError> {
        let now = (self.clock)();
        let Some(operator) = self.store.operator_by_email(&credentials.email).await? else {
            verify(credentials.password, DUMMY_HASH.clone()).await;
            return Ok(None);
        };
        let locked = operator.locked_until.is_some_and(|until| until > now);
        let right = verify(credentials.password, operator.password_hash.clone()).await;
        if locked || operator.disabled {
            return Ok(None);
        }
        if !right {
            if let Some(until) = self.store.record_login_failure(operator.id, now, FAILURES_BEFORE_LOCK, LOCK).await? {
                tracing::warn!(operator_id = operator.id, %until, "operator locked after wrong passwords");
            }
            return Ok(None);
        }
        self.store.record_login_success(operator.id, now).await?;
        Ok(Some(OperatorUser(operator)))
    }

    /// Every request: a disabled operator's session stops working at once.
    async fn get_user(&self, id: &i64) -> Result<Option<OperatorUser>, StoreError> {
        Ok(self.store.operator(*id).await?.filter(|operator| !operator.disabled).map(OperatorUser))
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
        Ok(SignedIn { operator: user.0, session })
    }
}
