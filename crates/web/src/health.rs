//! `GET /healthz`: 200 while the database answers, 503 when it does not. The database is
//! asked at most once per `FRESH_FOR` after it last answered, however often the check
//! comes: a load balancer or monitor checking thousands of times a second costs it a query
//! every quarter of a second, and a failure shows within that time.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long the database may take to answer a check before it counts as not answering.
pub const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a database's answer stands for the checks after it.
const FRESH_FOR: Duration = Duration::from_millis(250);

pub struct HealthCheck {
    started: Instant,
    /// When the database last answered, in milliseconds after `started`, plus one; 0 when
    /// it has not answered since it last failed.
    answered_at: AtomicU64,
}

impl HealthCheck {
    pub fn new() -> HealthCheck {
        HealthCheck { started: Instant::now(), answered_at: AtomicU64::new(0) }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
    }

    /// Whether the database answers: `ping` asks it, unless it answered within `FRESH_FOR`.
    pub async fn check<E>(&self, ping: impl Future<Output = Result<(), E>>) -> Result<(), E> {
        let answered_at = self.answered_at.load(Ordering::Relaxed);
        if answered_at != 0 && self.now() - answered_at < FRESH_FOR.as_millis() as u64 {
            return Ok(());
        }
        match ping.await {
            Ok(()) => {
                self.answered_at.store(self.now(), Ordering::Relaxed);
                Ok(())
            }
            Err(error) => {
                self.answered_at.store(0, Ordering::Relaxed);
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    #[tokio::test]
    async fn the_database_is_asked_once_per_quarter_second_and_a_failure_shows_at_once() {
        let health = HealthCheck::new();
        let asked = AtomicU32::new(0);
        // Counted when the query runs, not when it is only offered.
        let ping = |answers: bool| {
            let asked = &asked;
            async move {
                asked.fetch_add(1, Ordering::Relaxed);
                if answers { Ok(()) } else { Err("down") }
            }
        };
        for _ in 0..100 {
            assert_eq!(health.check(ping(true)).await, Ok(()));
        }
        assert_eq!(asked.load(Ordering::Relaxed), 1, "one query for a hundred checks");
        tokio::time::sleep(FRESH_FOR + Duration::from_millis(50)).await;
        assert_eq!(health.check(ping(false)).await, Err("down"), "asked again once its answer is old");
        assert_eq!(health.check(ping(false)).await, Err("down"), "a failure is asked again at the next check");
        assert_eq!(health.check(ping(true)).await, Ok(()));
        assert_eq!(asked.load(Ordering::Relaxed), 4);
    }
}
