//! Background tasks of `pim serve` (the email dispatcher, session clean-up) run apart from
//! the web server: a task that panics is logged and started again after a pause, and the
//! server goes on answering meanwhile.

use std::future::Future;
use std::time::Duration;

/// The pause before the first restart; it doubles after each panic in a row, up to a minute.
const FIRST_RESTART: Duration = Duration::from_secs(1);
const LONGEST_RESTART: Duration = Duration::from_secs(60);
/// A task that ran this long before panicking starts again after the first pause.
const STEADY: Duration = Duration::from_secs(5 * 60);

/// Runs `task()` in a task of its own until it returns; restarts it after each panic.
pub async fn supervise<F, T>(name: &'static str, mut task: T)
where
    T: FnMut() -> F,
    F: Future<Output = ()> + Send + 'static,
{
    supervise_with(name, FIRST_RESTART, &mut task).await
}

async fn supervise_with<F, T>(name: &'static str, first_restart: Duration, task: &mut T)
where
    T: FnMut() -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let mut pause = first_restart;
    loop {
        let started = tokio::time::Instant::now();
        match tokio::spawn(task()).await {
            Ok(()) => return,
            Err(error) if error.is_panic() => {
                let message = panic_message(error.into_panic());
                if started.elapsed() >= STEADY {
                    pause = first_restart;
                }
                tracing::error!(task = name, panic = %message, restart_in_s = pause.as_secs_f32(), "background task panicked; restarting it");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(LONGEST_RESTART);
            }
            Err(error) => {
                tracing::error!(task = name, %error, "background task cancelled");
                return;
            }
        }
    }
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    match panic.downcast::<String>() {
        Ok(text) => *text,
        Err(panic) => panic.downcast_ref::<&str>().map(|text| (*text).to_owned()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_task_that_panics_is_started_again_until_it_ends() {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = runs.clone();
        let mut task = move || {
            let runs = counted.clone();
            async move {
                if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                    panic!("a stored row the task cannot handle");
                }
            }
        };
        supervise_with("test", Duration::from_millis(1), &mut task).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "two panics, then the run that ended");
    }
}
