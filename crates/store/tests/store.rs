//! The store against a real SQLite file.

use std::path::PathBuf;

use pim_domain::{Application, Channel, Policy, Registrant, Rule, Status, StatusToken};
use pim_store::{NewRegistration, Store, StoreError};
use time::macros::{date, datetime};

/// A fresh database file of this test's own.
async fn fresh_store(name: &str) -> (Store, PathBuf) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("store-{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store = Store::open(&format!("sqlite://{}", path.display())).await.expect("open");
    store.migrate().await.expect("migrate");
    (store, path)
}

fn application() -> Application {
    Application {
        nationality: "DE".parse().unwrap(),
        category: pim_domain::Category::Amateur,
        distance: pim_domain::Distance::Half,
        sex: pim_domain::Sex::Female,
        date_of_birth: date!(1988 - 03 - 09),
        qualifying_time: None,
        qualifying_date: None,
    }
}

fn registrant(passport: &str) -> Registrant {
    Registrant {
        given_name: "Anna".into(),
        family_name: "Schmidt".into(),
        email: "anna@example.org".into(),
        passport_number: passport.parse().unwrap(),
        passport_expiry: date!(2031 - 01 - 01),
        emergency_contact_name: "Jan Schmidt".into(),
        emergency_contact_phone: "+49 30 1234567".into(),
        qualifying_race: None,
        qualifying_evidence_url: None,
    }
}

fn token(seed: u8) -> StatusToken {
    StatusToken::from_random([seed; 26])
}

async fn record(
    store: &Store,
    token: &StatusToken,
    registrant: &Registrant,
) -> Result<pim_store::Recorded, StoreError> {
    let application = application();
    store
        .record_registration(&NewRegistration {
            edition: Policy::embedded_default().edition(),
            status_token: token,
            application: &application,
            registrant,
            channel: Channel::LicensedOperator,
            rule: Rule::LicensedOperatorDefault,
            explanation: "Amateur runners from Germany register through Koryo Tours.",
            margin_seconds: None,
            received_at: datetime!(2026-11-21 10:00 UTC),
            places: pim_store::Places::default(),
            confirmation: pim_store::NewEmail { kind: "registration_received", payload: "{}" },
            waitlisted: pim_store::NewEmail { kind: "waitlisted", payload: "{}" },
        })
        .await
}

#[tokio::test]
async fn a_recorded_registration_is_found_by_its_status_token_and_reference() {
    let (store, _) = fresh_store("found").await;
    let recorded = record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    assert!(!recorded.replayed);
    assert!(recorded.reference.as_str().starts_with("PIM-"));
    let found = store.find_by_status_token(&token(1)).await.unwrap().expect("found by token");
    assert_eq!(found.reference, recorded.reference);
    assert_eq!(
        (found.status, found.channel, found.given_name.as_str()),
        (Status::Submitted, Channel::LicensedOperator, "Anna")
    );
    assert_eq!(store.find_by_reference(&recorded.reference).await.unwrap(), Some(found));
    assert_eq!(store.find_by_status_token(&token(2)).await.unwrap(), None);
}

#[tokio::test]
async fn the_same_submission_twice_is_recorded_once() {
    let (store, path) = fresh_store("replay").await;
    let first = record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let second = record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    assert_eq!((second.reference, second.replayed), (first.reference, true));
    assert_eq!(count_rows(&path, "registrations").await, 1);
    assert_eq!(count_rows(&path, "audit_log").await, 1);
    assert_eq!(count_rows(&path, "outbox").await, 1);
}

#[tokio::test]
async fn a_submission_reused_for_another_passport_is_refused() {
    let (store, _) = fresh_store("reused").await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let error = record(&store, &token(1), &registrant("C99X00T99")).await.unwrap_err();
    assert!(matches!(error, StoreError::SubmissionReused), "{error:?}");
}

#[tokio::test]
async fn a_passport_holds_one_active_entry_per_edition() {
    let (store, path) = fresh_store("duplicate").await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let error = record(&store, &token(2), &registrant("c01x-00t47")).await.unwrap_err();
    assert!(matches!(error, StoreError::DuplicatePassport), "{error:?}");
    assert_eq!(count_rows(&path, "registrations").await, 1);
}

#[tokio::test]
async fn the_database_runs_in_wal_mode() {
    let (store, path) = fresh_store("pragmas").await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let mode: String = sqlx_scalar(&path, "PRAGMA journal_mode").await;
    assert_eq!(mode, "wal");
    assert!(std::fs::metadata(format!("{}-wal", path.display())).is_ok());
}

async fn sqlx_scalar(path: &std::path::Path, sql: &str) -> String {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let value: String = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
    pool.close().await;
    value
}

/// Counts rows through a second, independent connection: what is committed is on disk.
async fn count_rows(path: &std::path::Path, table: &str) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap();
    pool.close().await;
    count
}

fn application_from(nationality: &str) -> Application {
    Application { nationality: nationality.parse().unwrap(), ..application() }
}

async fn record_for(store: &Store, seed: u32, channel: Channel) -> pim_domain::Reference {
    let application = application_from("DE");
    // One token per seed: the seed's base-30 digits, since tokens map bytes modulo 30.
    let mut random = [0u8; 26];
    for (i, byte) in random.iter_mut().enumerate().take(6) {
        *byte = (seed / 30u32.pow(i as u32) % 30) as u8;
    }
    let token = StatusToken::from_random(random);
    let registrant = registrant(&format!("P{seed:08}"));
    store
        .record_registration(&NewRegistration {
            edition: "2027",
            status_token: &token,
            application: &application,
            registrant: &registrant,
            channel,
            rule: Rule::LicensedOperatorDefault,
            explanation: "x",
            margin_seconds: None,
            received_at: datetime!(2026-11-21 10:00 UTC),
            places: pim_store::Places::default(),
            confirmation: pim_store::NewEmail { kind: "registration_received", payload: "{}" },
            waitlisted: pim_store::NewEmail { kind: "waitlisted", payload: "{}" },
        })
        .await
        .unwrap()
        .reference
}

#[tokio::test]
async fn keyset_pages_return_every_entry_exactly_once_while_new_entries_arrive() {
    let (store, _) = fresh_store("keyset").await;
    for seed in 0..45 {
        record_for(&store, seed, Channel::LicensedOperator).await;
    }
    let filter = pim_store::EntryFilter { channel: Some(Channel::LicensedOperator), ..Default::default() };
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut arriving = 1000;
    loop {
        let page = store.list_entries(&filter, cursor, 10).await.unwrap();
        // New entries arrive between page loads; they belong before the first page.
        for _ in 0..3 {
            record_for(&store, arriving, Channel::LicensedOperator).await;
            arriving += 1;
        }
        let Some(last) = page.last() else { break };
        cursor = Some(last.id);
        seen.extend(page.iter().map(|line| line.reference.clone()));
    }
    assert_eq!(seen.len(), 45, "each of the first 45 once");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 45);
}

#[tokio::test]
async fn a_list_and_an_entry_are_scoped_to_the_channel() {
    let (store, _) = fresh_store("scope").await;
    let mine = record_for(&store, 1, Channel::LicensedOperator).await;
    let theirs = record_for(&store, 2, Channel::StateAgency).await;
    let filter = pim_store::EntryFilter { channel: Some(Channel::StateAgency), ..Default::default() };
    let listed: Vec<_> =
        store.list_entries(&filter, None, 50).await.unwrap().into_iter().map(|l| l.reference).collect();
    assert_eq!(listed, [theirs]);
    assert!(store.entry(&mine, Some(Channel::StateAgency)).await.unwrap().is_none());
    assert!(store.entry(&mine, None).await.unwrap().is_some());
}

#[tokio::test]
async fn a_review_at_a_stale_version_changes_nothing() {
    let (store, path) = fresh_store("stale").await;
    let reference = record_for(&store, 1, Channel::LicensedOperator).await;
    let entry = store.entry(&reference, None).await.unwrap().unwrap();
    let change = |version| pim_store::ReviewChange {
        reference: &reference,
        channel: Channel::LicensedOperator,
        version,
        from: Status::Submitted,
        to: Status::Accepted,
        actor: "ops@koryo.example",
        action: "accept",
        note: Some("welcome"),
        email: Some(pim_store::NewEmail { kind: "accepted", payload: "{}" }),
        quota: None,
        at: datetime!(2026-11-22 10:00 UTC),
    };
    store.apply_review(&change(entry.version)).await.unwrap();
    let error = store.apply_review(&change(entry.version)).await.unwrap_err();
    assert!(matches!(error, StoreError::Changed), "{error:?}");
    let trail = store.audit_trail(&reference).await.unwrap();
    assert_eq!(trail.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["submitted", "accept"]);
    assert_eq!(trail[1].note.as_deref(), Some("welcome"));
    assert_eq!(count_rows(&path, "outbox").await, 2);
}

#[tokio::test]
async fn when_the_places_are_taken_entries_join_the_waiting_list_in_order() {
    let (store, path) = fresh_store("places").await;
    let places = pim_store::Places { total: Some(2), for_distance: None };
    let mut outcomes = Vec::new();
    for seed in 0..4u8 {
        let registrant = registrant(&format!("Q{seed:07}"));
        let application = application();
        let recorded = store
            .record_registration(&NewRegistration {
                edition: "2027",
                status_token: &token(seed + 10),
                application: &application,
                registrant: &registrant,
                channel: Channel::LicensedOperator,
                rule: Rule::LicensedOperatorDefault,
                explanation: "x",
                margin_seconds: None,
                received_at: datetime!(2026-11-21 10:00 UTC),
                places,
                confirmation: pim_store::NewEmail { kind: "registration_received", payload: "{}" },
                waitlisted: pim_store::NewEmail { kind: "waitlisted", payload: "{}" },
            })
            .await
            .unwrap();
        outcomes.push((recorded.status, recorded.waitlist_position));
        let summary = store.find_by_status_token(&token(seed + 10)).await.unwrap().unwrap();
        assert_eq!(summary.waitlist_position, recorded.waitlist_position);
    }
    assert_eq!(
        outcomes,
        [
            (Status::Submitted, None),
            (Status::Submitted, None),
            (Status::Waitlisted, Some(1)),
            (Status::Waitlisted, Some(2))
        ]
    );
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM outbox ORDER BY id").fetch_all(&pool).await.unwrap();
    assert_eq!(kinds, ["registration_received", "registration_received", "waitlisted", "waitlisted"]);
}
