//! The store against a real database: a SQLite file, or a throw-away PostgreSQL database
//! with `PIM_TEST_BACKEND=postgres` (see `pim-test-database`). One suite for both.

use pim_domain::{
    Application, Channel, Distance, Policy, Quota, QuotaScope, Registrant, Rule, Sex, Status, StatusToken,
};
use pim_store::{NewRegistration, Store, StoreError};
use pim_test_database::TestDatabase;
use sqlx::Row;
use time::macros::{date, datetime};

/// An email with nothing besides the registration.
const NO_PAYLOAD: pim_domain::EmailPayload = pim_domain::EmailPayload {
    status_url: None,
    note: None,
    waitlist_position: None,
    confirm_email_url: None,
    confirm_email_by: None,
    document: None,
    erase_url: None,
};

/// The data key of every database of this run.
static KEYS: std::sync::LazyLock<pim_store::DataKeys> = std::sync::LazyLock::new(pim_store::DataKeys::generate);

/// A fresh database of this test's own, migrated.
async fn fresh_store(name: &str) -> (Store, TestDatabase) {
    let db = TestDatabase::create(env!("CARGO_TARGET_TMPDIR").as_ref(), &format!("store-{name}")).await;
    let store = open(&db).await;
    (store, db)
}

async fn open(db: &TestDatabase) -> Store {
    let store = Store::open(db.url(), KEYS.clone()).await.expect("open");
    store.migrate().await.expect("migrate");
    store
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
            email_confirmation: token,
            application: &application,
            registrant,
            language: "en",
            channel: Channel::LicensedOperator,
            rule: Rule::LicensedOperatorDefault,
            explanation: "Amateur runners from Germany register through Koryo Tours.",
            margin_seconds: None,
            elite_rank: None,
            received_at: datetime!(2026-11-21 10:00 UTC),
            confirm_email_by: datetime!(2026-11-23 10:00 UTC),
            quota: None,
            confirmation: pim_store::NewEmail {
                kind: pim_domain::EmailKind::RegistrationReceived,
                payload: &NO_PAYLOAD,
            },
            waitlisted: pim_store::NewEmail { kind: pim_domain::EmailKind::Waitlisted, payload: &NO_PAYLOAD },
        })
        .await
}

#[tokio::test]
async fn a_recorded_registration_is_found_by_its_status_token_and_reference() {
    let (store, _db) = fresh_store("found").await;
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
    let (store, db) = fresh_store("replay").await;
    let first = record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let second = record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    assert_eq!((second.reference, second.replayed), (first.reference, true));
    assert_eq!(count_rows(&db, "registrations").await, 1);
    assert_eq!(count_rows(&db, "audit_log").await, 1);
    assert_eq!(count_rows(&db, "outbox").await, 1);
}

#[tokio::test]
async fn a_submission_reused_for_another_passport_is_refused() {
    let (store, _db) = fresh_store("reused").await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let error = record(&store, &token(1), &registrant("C99X00T99")).await.unwrap_err();
    assert!(matches!(error, StoreError::SubmissionReused), "{error:?}");
}

#[tokio::test]
async fn a_passport_holds_one_active_entry_per_edition() {
    let (store, db) = fresh_store("duplicate").await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let error = record(&store, &token(2), &registrant("c01x-00t47")).await.unwrap_err();
    assert!(matches!(error, StoreError::DuplicatePassport), "{error:?}");
    assert_eq!(count_rows(&db, "registrations").await, 1);
}

#[tokio::test]
async fn entries_stored_in_clear_before_sealing_are_sealed_and_keyed_when_the_store_migrates() {
    let (store, db) = fresh_store("sealed-at-start").await;
    let recorded = record(&store, &token(1), &registrant("C01X00T50")).await.unwrap();
    // As a database from before sealing holds it.
    db.execute(
        "UPDATE registrations SET passport_number = 'C01X00T50', emergency_contact_name = 'Jan Schmidt', \
         emergency_contact_phone = '+49 30 1234567', passport_key = NULL, data_key_version = 0",
    )
    .await;
    store.migrate().await.unwrap();
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations WHERE data_key_version = 0").await, 0);
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations WHERE passport_number = 'C01X00T50'").await, 0);
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations WHERE emergency_contact_name = 'Jan Schmidt'").await, 0);
    let entry = store.entry(&recorded.reference, None).await.unwrap().expect("the entry");
    assert_eq!(entry.line.passport_number.as_str(), "C01X00T50");
    assert_eq!(
        (entry.emergency_contact_name.as_str(), entry.emergency_contact_phone.as_str()),
        ("Jan Schmidt", "+49 30 1234567")
    );
    // Its passport is found again by its key.
    let error = record(&store, &token(2), &registrant("c01 x00 t50")).await.unwrap_err();
    assert!(matches!(error, StoreError::DuplicatePassport), "{error:?}");
}

#[tokio::test]
async fn entries_stored_before_the_search_key_get_one_when_the_store_migrates() {
    let (store, db) = fresh_store("search-key").await;
    record(&store, &token(1), &registrant("C01X00T49")).await.unwrap();
    db.execute("UPDATE registrations SET search_key = ''").await;
    store.migrate().await.unwrap();
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations WHERE search_key = ''").await, 0);
}

/// The references an operator's search lists, newest first, `page` at a time.
async fn searched(store: &Store, search: &str, page: u32) -> Vec<String> {
    let filter = pim_store::EntryFilter { search: Some(search.to_owned()), ..Default::default() };
    let (mut found, mut cursor) = (Vec::new(), None);
    loop {
        let lines = store.list_entries(&filter, cursor, page).await.unwrap();
        let Some(last) = lines.last() else { return found };
        cursor = Some(last.cursor);
        found.extend(lines.into_iter().map(|line| line.reference.as_str().to_owned()));
    }
}

#[tokio::test]
async fn the_search_finds_part_of_a_name_or_email_in_any_case_and_a_reference_and_takes_no_wildcards() {
    let (store, _db) = fresh_store("search").await;
    let runner = |given: &str, family: &str, email: &str, passport: &str| Registrant {
        given_name: given.into(),
        family_name: family.into(),
        email: email.into(),
        ..registrant(passport)
    };
    let zofia = record(&store, &token(1), &runner("Zofia", "Qwyrtz", "zofia_q@example.org", "Z0100001")).await.unwrap();
    let anna = record(&store, &token(2), &runner("Анна", "Иванова", "anna@example.net", "Z0100002")).await.unwrap();
    let wang = record(&store, &token(3), &runner("小明", "王", "wang@example.cn", "Z0100003")).await.unwrap();
    let (zofia, anna, wang) = (zofia.reference, anna.reference, wang.reference);

    assert_eq!(searched(&store, "QWYR", 10).await, [zofia.as_str()], "a part of a name, any case");
    assert_eq!(searched(&store, "qwyrtz zofia", 10).await, [zofia.as_str()], "family name first");
    assert_eq!(searched(&store, "ИВАНОВА", 10).await, [anna.as_str()], "Cyrillic, folded");
    assert_eq!(searched(&store, "王小明", 10).await, [wang.as_str()], "two characters and one, run together");
    assert_eq!(searched(&store, "王", 10).await, [wang.as_str()], "one character");
    assert_eq!(searched(&store, "example", 1).await, [wang.as_str(), anna.as_str(), zofia.as_str()], "newest first");
    assert_eq!(searched(&store, "zofia_q@", 10).await, [zofia.as_str()], "an email address's part");
    for wildcard in ["zo?ia", "zo*ia", "zo%ia", "zo_ia", "[z]ofia", "zofia\\"] {
        assert!(searched(&store, wildcard, 10).await.is_empty(), "{wildcard} is taken for itself");
    }
    let typed = zofia.as_str().to_lowercase().replace('-', "");
    assert_eq!(searched(&store, &typed, 10).await, [zofia.as_str()], "a reference, typed loosely");
    assert!(searched(&store, "nobody", 10).await.is_empty());
}

#[tokio::test]
async fn a_reference_of_another_channel_does_not_hide_the_names_that_read_like_it() {
    let (store, _db) = fresh_store("search-reference-scope").await;
    let theirs = record_for(&store, 1, Channel::StateAgency).await;
    // A name that reads as the other channel's reference (the store takes it as given).
    let typed = theirs.as_str().strip_prefix("PIM-").unwrap().replace('-', "").to_lowercase();
    let lookalike = Registrant { given_name: typed.clone(), ..registrant("Z0100021") };
    let mine = record(&store, &token(21), &lookalike).await.unwrap().reference;
    let found = async |channel| {
        let filter = pim_store::EntryFilter { channel, search: Some(typed.clone()), ..Default::default() };
        let lines = store.list_entries(&filter, None, 10).await.unwrap();
        lines.into_iter().map(|line| line.reference.as_str().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(found(None).await, [theirs.as_str()], "the secretariat: the entry of that reference alone");
    let licensed = found(Some(Channel::LicensedOperator)).await;
    assert_eq!(licensed, [mine.as_str()], "another channel's reference leaves the names to be searched");
}

#[tokio::test]
async fn an_erased_name_is_no_longer_found_and_leaves_nothing_in_the_search_index() {
    let (store, db) = fresh_store("search-erased").await;
    let rare = Registrant {
        given_name: "Xawuqe".into(),
        family_name: "Jivvoth".into(),
        email: "xawuqe@example.org".into(),
        ..registrant("Z0100011")
    };
    let erased = record(&store, &token(1), &rare).await.unwrap().reference;
    let kept = record(&store, &token(2), &registrant("Z0100012")).await.unwrap().reference;
    assert_eq!(searched(&store, "jivvo", 10).await, [erased.as_str()]);

    let at = datetime!(2027-01-05 10:00 UTC);
    assert!(store.request_erasure(&erased, &token(9), &NO_PAYLOAD, at).await.unwrap());
    let asked_after = at - time::Duration::hours(24);
    assert!(store.erase_at_runners_request(&token(9), asked_after, date!(2027 - 04 - 11), at).await.unwrap());
    assert!(searched(&store, "jivvo", 10).await.is_empty(), "the erased name is not found");
    assert!(searched(&store, "xawuqe", 10).await.is_empty(), "nor its email address");
    assert_eq!(searched(&store, "schmidt", 10).await, [kept.as_str()], "the others still are");
    if let Some(path) = db.sqlite_path() {
        // (Not FTS5's 'integrity-check': SQLite 3.46.0's flags the segment that secure-delete
        // left empty, though every search and merge reads it right.)
        use sqlx::{Connection, Executor};
        let mut sqlite = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        // The index's own list of trigrams: none of those only the erased entry had.
        sqlite
            .execute("CREATE VIRTUAL TABLE temp.trigrams USING fts5vocab(main, registrations_search, 'row')")
            .await
            .unwrap();
        let left: Vec<String> = sqlx::query_scalar(
            "SELECT term FROM temp.trigrams WHERE term IN ('xaw', 'awu', 'wuq', 'jiv', 'ivv', 'vvo', 'vot')",
        )
        .fetch_all(&mut sqlite)
        .await
        .unwrap();
        assert!(left.is_empty(), "the erased entry's trigrams {left:?} are still indexed");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM temp.trigrams WHERE term IN ('sch', 'mid')")
            .fetch_one(&mut sqlite)
            .await
            .unwrap();
        assert_eq!(kept, 2, "the kept entry's are");
    }
    let later = Registrant { given_name: "Jivvo".into(), ..registrant("Z0100013") };
    let later = record(&store, &token(3), &later).await.unwrap().reference;
    assert_eq!(searched(&store, "jivvo", 10).await, [later.as_str()], "and the index takes new entries");
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    // SQLite's own durability settings, whatever the run's backend.
    let db = TestDatabase::sqlite(env!("CARGO_TARGET_TMPDIR").as_ref(), "store-pragmas");
    let store = open(&db).await;
    record(&store, &token(1), &registrant("C01X00T47")).await.unwrap();
    let mode: String = db.rows("PRAGMA journal_mode").await[0].get(0);
    assert_eq!(mode, "wal");
    let path = db.sqlite_path().unwrap();
    assert!(std::fs::metadata(format!("{}-wal", path.display())).is_ok());
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_sqlite_database_and_its_journal_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDatabase::sqlite(env!("CARGO_TARGET_TMPDIR").as_ref(), "store-owner-only");
    let store = open(&db).await;
    record(&store, &token(1), &registrant("C01X00T48")).await.unwrap();
    let path = db.sqlite_path().unwrap();
    for file in [path.display().to_string(), format!("{}-wal", path.display()), format!("{}-shm", path.display())] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}: {mode:o}");
    }
}

/// Counts rows through a second, independent connection: what is committed is there.
async fn count_rows(db: &TestDatabase, table: &str) -> i64 {
    db.number(&format!("SELECT COUNT(*) FROM {table}")).await
}

fn application_from(nationality: &str) -> Application {
    Application { nationality: nationality.parse().unwrap(), ..application() }
}

async fn record_for(store: &Store, seed: u32, channel: Channel) -> pim_domain::Reference {
    record_with(store, seed, channel, None, application_from("DE")).await.reference
}

/// Records entry number `seed` (its own passport and status token) against `quota`.
async fn record_with(
    store: &Store,
    seed: u32,
    channel: Channel,
    quota: Option<&Quota>,
    application: Application,
) -> pim_store::Recorded {
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
            email_confirmation: &token,
            application: &application,
            registrant: &registrant,
            language: "en",
            channel,
            rule: Rule::LicensedOperatorDefault,
            explanation: "x",
            margin_seconds: application.qualifying_time.map(|_| 600 - seed),
            // Left for `fill_elite_ranks`, as for an entry stored before ranks existed.
            elite_rank: None,
            received_at: datetime!(2026-11-21 10:00 UTC),
            confirm_email_by: datetime!(2026-11-23 10:00 UTC),
            quota,
            confirmation: pim_store::NewEmail {
                kind: pim_domain::EmailKind::RegistrationReceived,
                payload: &NO_PAYLOAD,
            },
            waitlisted: pim_store::NewEmail { kind: pim_domain::EmailKind::Waitlisted, payload: &NO_PAYLOAD },
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn keyset_pages_return_every_entry_exactly_once_while_new_entries_arrive() {
    let (store, _db) = fresh_store("keyset").await;
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
        cursor = Some(last.cursor);
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
    let (store, _db) = fresh_store("scope").await;
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
    let (store, db) = fresh_store("stale").await;
    let reference = record_for(&store, 1, Channel::LicensedOperator).await;
    let entry = store.entry(&reference, None).await.unwrap().unwrap();
    let change = |version| pim_store::ReviewChange {
        reference: &reference,
        channel: Channel::LicensedOperator,
        version,
        from: Status::Submitted,
        to: Status::Accepted,
        actor: "ops@koryo.example",
        action: pim_domain::HistoryAction::Review(pim_domain::Action::Accept),
        note: Some("welcome"),
        internal_note: None,
        email: Some(pim_store::NewEmail { kind: pim_domain::EmailKind::Accepted, payload: &NO_PAYLOAD }),
        quota: None,
        invitation_rules: None,
        added_status_link: None,
        at: datetime!(2026-11-22 10:00 UTC),
    };
    store.apply_review(&change(entry.version)).await.unwrap();
    let error = store.apply_review(&change(entry.version)).await.unwrap_err();
    assert!(matches!(error, StoreError::Changed), "{error:?}");
    let trail = store.audit_trail(&reference).await.unwrap();
    assert_eq!(trail.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["submitted", "accept"]);
    assert_eq!(trail[1].note.as_deref(), Some("welcome"));
    assert_eq!(count_rows(&db, "outbox").await, 2);
}

#[tokio::test]
async fn when_the_places_are_taken_entries_join_the_waiting_list_in_order() {
    let (store, db) = fresh_store("places").await;
    let quota = Quota::new(2);
    let mut outcomes = Vec::new();
    for seed in 0..4 {
        let recorded = record_with(&store, seed, Channel::LicensedOperator, Some(&quota), application()).await;
        outcomes.push((recorded.status, recorded.waitlist_position));
        let summary = store.find_by_reference(&recorded.reference).await.unwrap().unwrap();
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
    let kinds: Vec<String> =
        db.rows("SELECT kind FROM outbox ORDER BY id").await.iter().map(|row| row.get("kind")).collect();
    assert_eq!(kinds, ["registration_received", "registration_received", "waitlisted", "waitlisted"]);
}

/// Records `n` entries against `quota`, in order.
async fn entries_against(store: &Store, quota: &Quota, n: u32) -> Vec<pim_domain::Reference> {
    let mut references = Vec::new();
    for seed in 0..n {
        references
            .push(record_with(store, seed, Channel::LicensedOperator, Some(quota), application()).await.reference);
    }
    references
}

/// Declines an entry as its operator would, with the quota that promotes into its place.
async fn decline(store: &Store, reference: &pim_domain::Reference, quota: &Quota) -> Result<(), StoreError> {
    let entry = store.entry(reference, None).await.unwrap().unwrap();
    store
        .apply_review(&pim_store::ReviewChange {
            reference,
            channel: entry.line.channel,
            version: entry.version,
            from: entry.line.status,
            to: Status::Declined,
            actor: "ops@koryo.example",
            action: pim_domain::HistoryAction::Review(pim_domain::Action::Decline),
            note: None,
            internal_note: None,
            email: Some(pim_store::NewEmail { kind: pim_domain::EmailKind::Declined, payload: &NO_PAYLOAD }),
            quota: Some(quota),
            invitation_rules: None,
            added_status_link: None,
            at: datetime!(2026-11-22 10:00 UTC),
        })
        .await
}

/// Each entry's status and waiting position, in the order given.
async fn states(store: &Store, references: &[pim_domain::Reference]) -> Vec<(Status, Option<u32>)> {
    let mut states = Vec::new();
    for reference in references {
        let summary = store.find_by_reference(reference).await.unwrap().unwrap();
        states.push((summary.status, summary.waitlist_position));
    }
    states
}

const HELD: (Status, Option<u32>) = (Status::Submitted, None);
const GONE: (Status, Option<u32>) = (Status::Declined, None);
fn waiting(position: u32) -> (Status, Option<u32>) {
    (Status::Waitlisted, Some(position))
}

#[tokio::test]
async fn two_releases_at_once_promote_the_first_two_waiting_in_order() {
    let (store, _db) = fresh_store("two-releases").await;
    let quota = Quota::new(2);
    let entries = entries_against(&store, &quota, 5).await;
    let (first, second) = tokio::join!(decline(&store, &entries[0], &quota), decline(&store, &entries[1], &quota));
    first.unwrap();
    second.unwrap();
    assert_eq!(states(&store, &entries).await, [GONE, GONE, HELD, HELD, waiting(1)]);
    let trail = store.audit_trail(&entries[2]).await.unwrap();
    assert_eq!((trail[1].actor.as_str(), trail[1].action.as_str()), ("system", "promoted"));
    let emails = store.emails_for_reference(&entries[3]).await.unwrap();
    assert_eq!(emails.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["waitlisted", "promoted"]);
}

fn quota_change<'a>(quota: &'a Quota, places: Option<u32>) -> pim_store::QuotaChange<'a> {
    pim_store::QuotaChange {
        edition: "2027",
        channel: Channel::LicensedOperator,
        scope: QuotaScope::Total,
        places,
        policy: quota,
        actor: "secretariat@pim.example",
        at: datetime!(2026-11-22 11:00 UTC),
    }
}

#[tokio::test]
async fn a_quota_lowered_below_the_places_held_takes_none_and_stops_promotion_until_under_it() {
    let (store, db) = fresh_store("lowered").await;
    let quota = Quota::new(3);
    let entries = entries_against(&store, &quota, 5).await;
    let changed = store.set_quota(&quota_change(&quota, Some(1))).await.unwrap();
    assert_eq!((changed.before, changed.after, changed.promoted.len()), (Some(3), Some(1), 0));
    assert_eq!(states(&store, &entries).await, [HELD, HELD, HELD, waiting(1), waiting(2)], "nobody loses a place");

    // A new entry waits too, behind those already waiting.
    let late = record_with(&store, 9, Channel::LicensedOperator, Some(&quota), application()).await;
    assert_eq!((late.status, late.waitlist_position), (Status::Waitlisted, Some(3)));

    decline(&store, &entries[0], &quota).await.unwrap();
    decline(&store, &entries[1], &quota).await.unwrap();
    assert_eq!(states(&store, &entries).await, [GONE, GONE, HELD, waiting(1), waiting(2)], "1 held of 1");
    decline(&store, &entries[2], &quota).await.unwrap();
    assert_eq!(states(&store, &entries).await, [GONE, GONE, GONE, HELD, waiting(1)], "under it: promotion again");

    // Back to the policy's 3: the two waiting take the two new places.
    let changed = store.set_quota(&quota_change(&quota, None)).await.unwrap();
    assert_eq!((changed.before, changed.after), (Some(1), Some(3)));
    assert_eq!(changed.promoted, [entries[4].clone(), late.reference.clone()]);
    assert_eq!(states(&store, &entries[3..]).await, [HELD, HELD]);

    let lines = store.quota_lines("2027", Channel::LicensedOperator, &quota).await.unwrap();
    assert_eq!((lines[0].places, lines[0].held, lines[0].waiting, lines[0].changed.as_ref()), (Some(3), 3, 0, None));
    let audit: Vec<(String, String, String)> = db
        .rows("SELECT actor, action, detail FROM operator_audit ORDER BY id")
        .await
        .iter()
        .map(|row| (row.get("actor"), row.get("action"), row.get("detail")))
        .collect();
    assert_eq!(
        audit,
        [
            (
                "secretariat@pim.example".to_owned(),
                "quota_changed".to_owned(),
                "licensed_operator total: 3 -> 1; 0 promoted".to_owned()
            ),
            (
                "secretariat@pim.example".to_owned(),
                "quota_changed".to_owned(),
                "licensed_operator total: 1 -> 3 (the policy's); 2 promoted".to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn a_full_race_waits_while_another_race_of_the_channel_still_has_places() {
    let (store, _db) = fresh_store("per-race").await;
    let quota = Quota::new(3).with_limit(QuotaScope::Race(Distance::Full), 1);
    let full = Application { distance: Distance::Full, ..application() };
    let ten_k = Application { distance: Distance::TenK, ..application() };
    let a = record_with(&store, 1, Channel::LicensedOperator, Some(&quota), full.clone()).await;
    let b = record_with(&store, 2, Channel::LicensedOperator, Some(&quota), full).await;
    let c = record_with(&store, 3, Channel::LicensedOperator, Some(&quota), ten_k).await;
    assert_eq!(
        states(&store, &[a.reference.clone(), b.reference.clone(), c.reference.clone()]).await,
        [HELD, waiting(1), HELD]
    );
    // The 10 km place released goes to nobody waiting for the full marathon...
    decline(&store, &c.reference, &quota).await.unwrap();
    assert_eq!(states(&store, std::slice::from_ref(&b.reference)).await, [waiting(1)]);
    // ...the marathon place does.
    decline(&store, &a.reference, &quota).await.unwrap();
    assert_eq!(states(&store, &[b.reference]).await, [HELD]);
}

#[tokio::test]
async fn promotion_by_hand_moves_to_the_front_and_never_creates_a_place() {
    let (store, _db) = fresh_store("by-hand").await;
    let quota = Quota::new(1);
    let entries = entries_against(&store, &quota, 4).await;
    let last = store.entry(&entries[3], None).await.unwrap().unwrap();
    let promotion = |version| pim_store::PromotionByHand {
        reference: &entries[3],
        channel: Channel::LicensedOperator,
        version,
        actor: "ops@koryo.example",
        note: Some("travels with PIM-0001"),
        quota: &quota,
        at: datetime!(2026-11-22 10:00 UTC),
    };
    assert_eq!(store.promote_by_hand(&promotion(last.version)).await.unwrap(), pim_store::Promoted::FirstInLine);
    assert_eq!(states(&store, &entries).await, [HELD, waiting(2), waiting(3), waiting(1)]);
    let error = store.promote_by_hand(&promotion(last.version)).await.unwrap_err();
    assert!(matches!(error, StoreError::Changed), "a stale page changes nothing: {error:?}");

    decline(&store, &entries[0], &quota).await.unwrap();
    assert_eq!(states(&store, &entries).await, [GONE, waiting(1), waiting(2), HELD]);
    let trail = store.audit_trail(&entries[3]).await.unwrap();
    let actions: Vec<_> = trail.iter().map(|a| (a.actor.as_str(), a.action.as_str())).collect();
    assert_eq!(actions, [("runner", "submitted"), ("ops@koryo.example", "promoted_by_hand"), ("system", "promoted")]);
    assert_eq!(trail[1].note.as_deref(), Some("travels with PIM-0001"));

    // Under a quota with a place free, the entry moved to the front takes it at once.
    let raised = Quota::new(2);
    let second = store.entry(&entries[2], None).await.unwrap().unwrap();
    let promotion =
        pim_store::PromotionByHand { reference: &entries[2], version: second.version, quota: &raised, ..promotion(0) };
    assert_eq!(store.promote_by_hand(&promotion).await.unwrap(), pim_store::Promoted::Place);
    assert_eq!(states(&store, &entries).await, [GONE, waiting(1), HELD, HELD]);
}

fn elite(nationality: &str, sex: Sex) -> Application {
    Application {
        nationality: nationality.parse().unwrap(),
        category: pim_domain::Category::Elite,
        distance: Distance::Full,
        sex,
        date_of_birth: date!(1995 - 01 - 01),
        qualifying_time: Some("2:10:00".parse().unwrap()),
        qualifying_date: Some(date!(2026 - 04 - 12)),
    }
}

async fn invite(store: &Store, reference: &pim_domain::Reference) -> Result<(), StoreError> {
    let entry = store.entry(reference, None).await.unwrap().unwrap();
    store
        .apply_review(&pim_store::ReviewChange {
            reference,
            channel: Channel::EliteInvitation,
            version: entry.version,
            from: entry.line.status,
            to: Status::Invited,
            actor: "ministry@pim.example",
            action: pim_domain::HistoryAction::Review(pim_domain::Action::Invite),
            note: None,
            internal_note: None,
            email: None,
            quota: None,
            invitation_rules: Some(&Policy::embedded_default()),
            added_status_link: None,
            // Invitations open once elite applications have closed.
            at: datetime!(2027-01-11 10:00 UTC),
        })
        .await
}

#[tokio::test]
async fn an_invitation_beyond_the_country_and_sex_slots_is_refused() {
    let (store, _db) = fresh_store("invitations").await;
    let mut kenyan_men = Vec::new();
    for seed in 0..3 {
        kenyan_men
            .push(record_with(&store, seed, Channel::EliteInvitation, None, elite("KE", Sex::Male)).await.reference);
    }
    let kenyan_woman =
        record_with(&store, 10, Channel::EliteInvitation, None, elite("KE", Sex::Female)).await.reference;
    let ethiopian_man = record_with(&store, 11, Channel::EliteInvitation, None, elite("ET", Sex::Male)).await.reference;

    invite(&store, &kenyan_men[0]).await.unwrap();
    let error = invite(&store, &kenyan_men[1]).await.unwrap_err();
    match error {
        StoreError::InvitationsUsed { invited, limit } => {
            assert_eq!((invited, limit), (vec![kenyan_men[0].clone()], 1))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(states(&store, &kenyan_men[1..2]).await, [HELD], "nothing changed");
    invite(&store, &kenyan_woman).await.unwrap();
    invite(&store, &ethiopian_man).await.unwrap();

    // The invited man declines: the slot is free again.
    let entry = store.entry(&kenyan_men[0], None).await.unwrap().unwrap();
    store
        .apply_review(&pim_store::ReviewChange {
            reference: &kenyan_men[0],
            channel: Channel::EliteInvitation,
            version: entry.version,
            from: Status::Invited,
            to: Status::Withdrawn,
            actor: "runner",
            action: pim_domain::HistoryAction::Review(pim_domain::Action::Withdraw),
            note: None,
            internal_note: None,
            email: None,
            quota: None,
            invitation_rules: None,
            added_status_link: None,
            at: datetime!(2026-11-23 10:00 UTC),
        })
        .await
        .unwrap();
    invite(&store, &kenyan_men[1]).await.unwrap();
}

#[tokio::test]
async fn the_ministry_list_runs_by_margin_and_a_waiting_list_by_position_page_by_page() {
    let (store, _db) = fresh_store("orders").await;
    // Margins 600 - seed: entry 100 is furthest under the standard.
    for seed in [103, 100, 104, 101, 102] {
        record_with(&store, seed, Channel::EliteInvitation, None, elite("KE", Sex::Male)).await;
    }
    // Entries stored without a rank get one from the policy's rule (here: the margin).
    store.fill_elite_ranks(&|_, _, margin, _| i64::from(margin)).await.unwrap();
    let by_margin = pim_store::EntryFilter {
        channel: Some(Channel::EliteInvitation),
        order: pim_store::EntryOrder::Margin,
        ..Default::default()
    };
    let mut margins = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.list_entries(&by_margin, cursor, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor);
        margins.extend(page.iter().map(|line| line.elite_margin_seconds.unwrap()));
    }
    assert_eq!(margins, [500, 499, 498, 497, 496]);

    let quota = Quota::new(1);
    let entries = entries_against(&store, &quota, 6).await;
    let last = store.entry(&entries[5], None).await.unwrap().unwrap();
    let promotion = pim_store::PromotionByHand {
        reference: &entries[5],
        channel: Channel::LicensedOperator,
        version: last.version,
        actor: "ops@koryo.example",
        note: None,
        quota: &quota,
        at: datetime!(2026-11-22 10:00 UTC),
    };
    store.promote_by_hand(&promotion).await.unwrap();
    let queue = pim_store::EntryFilter {
        channel: Some(Channel::LicensedOperator),
        order: pim_store::EntryOrder::Queue,
        ..Default::default()
    };
    let mut line_up = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.list_entries(&queue, cursor, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor);
        line_up.extend(page.into_iter().map(|line| (line.reference, line.waitlist_position.unwrap())));
    }
    let expected: Vec<_> = [5, 1, 2, 3, 4].iter().zip(1..).map(|(i, p)| (entries[*i].clone(), p)).collect();
    assert_eq!(line_up, expected);

    // An export, page by page, reads the same positions from the queue as it began; an
    // entry that joins the queue meanwhile is behind all of them.
    let mut queues = pim_store::QueueSnapshot::default();
    let mut exported = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.list_entry_details(&queue, cursor, 2, &mut queues).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = Some(last.line.cursor);
        exported.extend(page.into_iter().map(|entry| (entry.line.reference, entry.line.waitlist_position.unwrap())));
        if exported.len() == 2 {
            record_with(&store, 900, Channel::LicensedOperator, Some(&quota), application()).await;
        }
    }
    assert_eq!(exported[..5], expected[..]);
    assert_eq!(exported.len(), 6);
    assert_eq!(exported[5].1, 6, "the late entry is sixth");
}

#[tokio::test]
async fn a_registration_that_fails_midway_fails_alone_and_leaves_nothing_behind() {
    let (store, db) = fresh_store("poisoned").await;
    // The outbox refuses one email: that registration's row and audit entry are written
    // before the failure, and must go with it.
    db.execute(if db.is_postgres() {
        "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.payload LIKE '%poison%' THEN RAISE EXCEPTION 'the outbox refused this email'; END IF; \
           RETURN NEW; END $$; \
         CREATE TRIGGER refuse_poison BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_poison()"
    } else {
        "CREATE TRIGGER refuse_poison BEFORE INSERT ON outbox WHEN NEW.payload LIKE '%poison%' \
         BEGIN SELECT RAISE(ABORT, 'the outbox refused this email'); END"
    })
    .await;
    let poison = pim_domain::EmailPayload { note: Some("poison".into()), ..Default::default() };
    let application = application();
    let registrants: Vec<Registrant> = (0..20).map(|n| registrant(&format!("M{n:07}"))).collect();
    let tokens: Vec<StatusToken> = (0..20).map(|n| token(100 + n)).collect();
    let submissions = (0..20).map(|n| {
        let new = NewRegistration {
            edition: "2027",
            status_token: &tokens[n],
            email_confirmation: &tokens[n],
            application: &application,
            registrant: &registrants[n],
            language: "en",
            channel: Channel::LicensedOperator,
            rule: Rule::LicensedOperatorDefault,
            explanation: "x",
            margin_seconds: None,
            elite_rank: None,
            received_at: datetime!(2026-11-21 10:00 UTC),
            confirm_email_by: datetime!(2026-11-23 10:00 UTC),
            quota: None,
            confirmation: pim_store::NewEmail {
                kind: pim_domain::EmailKind::RegistrationReceived,
                payload: if n == 7 { &poison } else { &NO_PAYLOAD },
            },
            waitlisted: pim_store::NewEmail { kind: pim_domain::EmailKind::Waitlisted, payload: &NO_PAYLOAD },
        };
        let store = store.clone();
        async move { store.record_registration(&new).await }
    });
    let outcomes = futures_util::future::join_all(submissions).await;
    for (n, outcome) in outcomes.iter().enumerate() {
        assert_eq!(outcome.is_ok(), n != 7, "{n}: {outcome:?}");
    }
    for table in ["registrations", "audit_log", "outbox"] {
        assert_eq!(count_rows(&db, table).await, 19, "{table}");
    }
}

#[tokio::test]
async fn expired_operator_sessions_are_deleted_and_live_ones_kept() {
    use tower_sessions_core::SessionStore as _;
    use tower_sessions_core::session::{Id, Record};
    let (store, db) = fresh_store("sessions").await;
    let sessions = store.session_store();
    let now = time::OffsetDateTime::now_utc();
    for expiry_date in [now - time::Duration::hours(1), now + time::Duration::hours(1)] {
        let mut record = Record { id: Id::default(), data: Default::default(), expiry_date };
        sessions.create(&mut record).await.unwrap();
    }
    assert_eq!(count_rows(&db, "operator_sessions").await, 2);
    store.delete_expired_sessions().await.unwrap();
    assert_eq!(count_rows(&db, "operator_sessions").await, 1, "the live one is kept");
}

#[tokio::test]
async fn a_double_click_and_a_second_form_for_a_passport_at_the_same_moment_store_one_entry_each() {
    let (store, db) = fresh_store("same-moment").await;
    let (anna, ben) = (registrant("C01X00T47"), registrant("B22Y00K11"));
    let (anna_form, ben_form, ben_other_form) = (token(1), token(2), token(3));
    // All four reach the writer together, so they are recorded in one batch.
    let (first, again, ben_first, ben_second) = tokio::join!(
        record(&store, &anna_form, &anna),
        record(&store, &anna_form, &anna),
        record(&store, &ben_form, &ben),
        record(&store, &ben_other_form, &ben),
    );
    let (first, again) = (first.unwrap(), again.unwrap());
    assert_eq!((again.reference.clone(), again.replayed), (first.reference.clone(), true), "the double click");
    assert!(!first.replayed);
    ben_first.unwrap();
    assert!(matches!(ben_second, Err(StoreError::DuplicatePassport)), "{ben_second:?}");
    assert_eq!(count_rows(&db, "registrations").await, 2);
    assert_eq!(count_rows(&db, "outbox").await, 2);
}

#[tokio::test]
async fn an_idempotency_key_is_bound_to_its_body_until_it_is_forgotten() {
    let (store, _db) = fresh_store("idempotency").await;
    let first = datetime!(2026-11-21 10:00 UTC);
    let long_ago = first - time::Duration::days(1);
    let seen = store.claim_idempotency_key("key", "body", first, long_ago).await.unwrap();
    assert_eq!(seen, first);
    let later = first + time::Duration::minutes(5);
    assert_eq!(store.claim_idempotency_key("key", "body", later, long_ago).await.unwrap(), first, "a retry");
    assert!(matches!(
        store.claim_idempotency_key("key", "other body", later, long_ago).await,
        Err(StoreError::IdempotencyKeyReused)
    ));
    // The quarter-hourly clean-up forgets keys first seen before its cut-off, and only those.
    store.claim_idempotency_key("newer", "body", later, long_ago).await.unwrap();
    assert_eq!(store.forget_idempotency_keys(first + time::Duration::minutes(1)).await.unwrap(), 1);
    assert_eq!(store.claim_idempotency_key("key", "other body", later, long_ago).await.unwrap(), later);
    assert_eq!(store.claim_idempotency_key("newer", "body", later, long_ago).await.unwrap(), later, "kept");
}

#[tokio::test]
async fn the_kept_counts_follow_entries_as_they_arrive_wait_and_are_declined() {
    let (store, db) = fresh_store("kept-counts").await;
    let quota = Quota::new(2);
    let entries = entries_against(&store, &quota, 5).await;
    decline(&store, &entries[0], &quota).await.unwrap();
    let counted = |sql: &str| {
        let db = &db;
        let sql = sql.to_owned();
        async move {
            let rows = db.rows(&sql).await;
            rows.iter().map(|row| (row.get::<String, _>(0), row.get::<i64, _>(1))).collect::<Vec<_>>()
        }
    };
    let by_status: Vec<(String, i64)> = store
        .count_by_status(Some(Channel::LicensedOperator))
        .await
        .unwrap()
        .into_iter()
        .map(|(status, n)| (status.as_str().to_owned(), n))
        .collect();
    assert_eq!(
        by_status,
        counted("SELECT status, COUNT(*) FROM registrations WHERE erased_at IS NULL GROUP BY status ORDER BY status")
            .await
    );
    assert_eq!(by_status, [("declined".to_owned(), 1), ("submitted".to_owned(), 2), ("waitlisted".to_owned(), 2)]);
    let dashboard = store.dashboard_counts().await.unwrap();
    let by_race: Vec<_> = dashboard.by_distance.iter().map(|(d, n)| (d.as_str().to_owned(), *n)).collect();
    assert_eq!(by_race, counted("SELECT distance, COUNT(*) FROM registrations GROUP BY distance").await);
    assert_eq!(dashboard.by_channel_and_status.iter().map(|(_, _, n)| n).sum::<i64>(), 5);
}

#[tokio::test]
async fn waiting_positions_are_the_same_counted_from_either_end_of_the_queue() {
    let (store, db) = fresh_store("positions").await;
    let quota = Quota::new(1);
    let entries = entries_against(&store, &quota, 12).await;
    // A gap in the queue: the fourth in line leaves it.
    decline(&store, &entries[4], &quota).await.unwrap();
    let newest_first = pim_store::EntryFilter { channel: Some(Channel::LicensedOperator), ..Default::default() };
    let (mut shown, mut cursor) = (Vec::new(), None);
    loop {
        let page = store.list_entries(&newest_first, cursor, 3).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor);
        shown.extend(
            page.into_iter().filter_map(|line| Some((line.reference.as_str().to_owned(), line.waitlist_position?))),
        );
    }
    let counted: Vec<(String, u32)> = db
        .rows(
            "SELECT r.reference, (SELECT COUNT(*) FROM registrations w WHERE w.status = 'waitlisted' \
             AND w.waitlist_order <= r.waitlist_order) AS position FROM registrations r \
             WHERE r.status = 'waitlisted' ORDER BY r.id DESC",
        )
        .await
        .iter()
        .map(|row| (row.get::<String, _>(0), row.get::<i64, _>(1) as u32))
        .collect();
    assert_eq!(shown, counted);
    assert_eq!(shown.len(), 10);
    assert_eq!(shown.last().unwrap().1, 1, "the oldest waiting is next in line");
}

/// `url` with `user` in place of its user.
fn as_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host_onwards = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host_onwards}")
}

/// A throw-away PostgreSQL database owned by a role of its own without superuser rights
/// (a superuser ignores revoked rights), and that role's URL for it.
struct PlainRole {
    db: TestDatabase,
    admin: TestDatabase,
    role: String,
    url: String,
}

impl PlainRole {
    /// None on SQLite.
    async fn new(label: &str) -> Option<PlainRole> {
        let db = TestDatabase::create(env!("CARGO_TARGET_TMPDIR").as_ref(), label).await;
        if !db.is_postgres() {
            return None;
        }
        let role = format!("pim_test_plain_{}_{label}", std::process::id()).replace('-', "_");
        let server = pim_test_database::postgres_server().expect("a PostgreSQL server");
        let admin = TestDatabase::postgres(&server, &format!("{label}-admin")).await;
        let database = db.url().rsplit('/').next().unwrap().split('?').next().unwrap().to_owned();
        admin.execute(&format!("DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN")).await;
        admin.execute(&format!("ALTER DATABASE \"{database}\" OWNER TO {role}")).await;
        let url = as_user(db.url(), &role);
        Some(PlainRole { db, admin, role, url })
    }

    /// Takes from every user the function that confirms a batch's flush.
    async fn revoke_the_flush_barrier(&self) {
        self.db
            .execute(
                "REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) FROM PUBLIC; \
                 REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, bytea) FROM PUBLIC",
            )
            .await;
    }

    /// Drops the database, then the role.
    async fn finish(self) {
        drop(self.db);
        self.admin.execute(&format!("DROP ROLE {}", self.role)).await;
    }
}

/// On PostgreSQL, a batch's commit returns before its flush and a WAL message waits for
/// the flush before anyone is answered. Where an administrator has revoked that function,
/// registrations still work: each commit then waits for its own flush.
#[tokio::test]
async fn registrations_are_recorded_where_postgresql_refuses_the_flush_barrier() {
    let Some(plain) = PlainRole::new("store-no-barrier").await else { return };
    plain.revoke_the_flush_barrier().await;
    let store = Store::open(&plain.url, KEYS.clone()).await.expect("open as a plain user");
    store.migrate().await.expect("migrate");
    let recorded = record(&store, &token(1), &registrant("C01X00T47")).await.expect("recorded");
    assert_eq!(
        store.find_by_reference(&recorded.reference).await.unwrap().map(|r| r.reference),
        Some(recorded.reference)
    );
    store.close().await;
    plain.finish().await;
}

/// A batch committed whose flush the database does not confirm is not acknowledged: the
/// request is told so (a 503 for the runner), and the entry, stored after all, is found by
/// its form.
#[tokio::test]
async fn a_registration_whose_flush_is_not_confirmed_is_not_acknowledged_and_is_found_afterwards() {
    let Some(plain) = PlainRole::new("store-unconfirmed").await else { return };
    let store = Store::open(&plain.url, KEYS.clone()).await.expect("open as a plain user");
    store.migrate().await.expect("migrate");
    // Allowed when the store opened, refused from now on: the confirmation fails.
    plain.revoke_the_flush_barrier().await;
    let outcome = record(&store, &token(1), &registrant("C01X00T47")).await;
    assert!(matches!(outcome, Err(StoreError::NotConfirmed(_))), "{outcome:?}");
    let found = store.find_by_status_token(&token(1)).await.unwrap().expect("committed all the same");
    assert_eq!(found.status, Status::Submitted);
    store.close().await;
    plain.finish().await;
}
