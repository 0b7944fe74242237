//! Personal data at rest: passport numbers, emergency contacts and documents are sealed
//! with the data key, which never enters the database; duplicates are still found; a
//! missing or wrong key is refused at start; `pim keys rotate` re-seals under load.

use std::process::{Command, Output};

use pim_domain::{Organisation, document_samples};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::admin::{page, register, signed_in};
use crate::app::{TestApp, attr_of, fresh_database, fresh_dir, spawn_app, text_of};

const PASSPORT_TYPED: &str = "zq 908-1726";
const PASSPORT: &str = "ZQ9081726";
const EMERGENCY_NAME: &str = "Brunhildegard Okonkwo";
const EMERGENCY_PHONE: &str = "+49 171 5550123";
const FAMILY_NAME: &str = "Vasquez-Thorngrove";

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The status page's path, from the confirmation email waiting in the outbox.
pub(crate) async fn status_path(app: &TestApp) -> String {
    let payload: String =
        sqlx::Row::get(&app.query_rows("SELECT payload FROM outbox ORDER BY id DESC").await[0], "payload");
    let payload: Value = serde_json::from_str(&payload).unwrap();
    let url = payload["status_url"].as_str().unwrap();
    url[url.find("/registrations/").unwrap()..].to_owned()
}

#[tokio::test]
async fn the_database_holds_no_passport_number_emergency_contact_or_document_in_clear() {
    let app = spawn_app().await;
    let reference = register(
        &app,
        json!({"family_name": FAMILY_NAME, "passport_number": PASSPORT_TYPED,
               "emergency_contact_name": EMERGENCY_NAME, "emergency_contact_phone": EMERGENCY_PHONE}),
    )
    .await;
    // A document of the checklist, uploaded from the status page.
    let status = status_path(&app).await;
    let (_, page_before) = app.get_html(&status).await;
    let pdf = document_samples::pdf();
    let form = Form::new()
        .text("csrf_token", attr_of(&page_before, "input[name=csrf_token]", "value"))
        .text("kind", "passport_data_page")
        .part("file", Part::bytes(pdf.clone()).file_name("passport.pdf").mime_str("application/pdf").unwrap());
    let response = app.client.post(app.url(&format!("{status}/documents"))).multipart(form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);

    let raw = app.db.raw_contents().await;
    assert!(contains(&raw, FAMILY_NAME.as_bytes()), "the search sees what is stored in clear");
    for (what, value) in [("passport number", PASSPORT), ("emergency contact", EMERGENCY_NAME)] {
        assert!(!contains(&raw, value.as_bytes()), "the {what} is in the stored data in clear");
    }
    assert!(!contains(&raw, EMERGENCY_PHONE.as_bytes()) && !contains(&raw, b"5550123"), "the phone in clear");
    assert!(!contains(&raw, &pdf[16..]) && !contains(&raw, hex(&pdf[16..]).as_bytes()), "the document in clear");

    // Those who may read them still do: the visa-arranging organisation sees the whole
    // number, the document opens, the list shows the last three characters only.
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;
    let (status, entry) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert_eq!(status, 200);
    let shown = text_of(&entry, "main");
    assert!(shown.contains(PASSPORT) && shown.contains(EMERGENCY_NAME) && shown.contains(EMERGENCY_PHONE), "{shown}");
    let document = entry.select(&scraper::Selector::parse("a.document-link").unwrap()).next().expect("a document link");
    let bytes = koryo.get(app.url(document.value().attr("href").unwrap())).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(bytes.to_vec(), pdf);
    let (_, list) = page(&app, &koryo, "/admin/entries").await;
    assert!(!text_of(&list, "main").contains(PASSPORT) && text_of(&list, "main").contains("726"));
}

#[tokio::test]
async fn a_second_entry_with_the_same_passport_typed_with_spaces_or_in_lower_case_is_refused() {
    let app = spawn_app().await;
    register(&app, json!({"passport_number": "C01X00T47"})).await;
    for typed in ["c01x00t47", "C01 X00 T47", "c01-x00-t47"] {
        let mut body: serde_json::Map<String, Value> =
            crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
        body.insert("consent".into(), json!(true));
        body.insert("email".into(), json!("someone.else@example.org"));
        body.insert("passport_number".into(), json!(typed));
        let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 409, "{typed}");
        let answer: Value = response.json().await.unwrap();
        assert!(answer.to_string().contains("passport"), "{typed}: {answer}");
    }
    assert_eq!(app.count_registrations().await, 1);
}

/// Runs `pim` with `args`, with no data key in its environment: it finds its key as an
/// operator's shell would.
fn pim_without_key_variable(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pim"))
        .args(args)
        .env_remove("PIM_DATA_KEY")
        .env_remove("PIM_DATA_KEY_FILE")
        .env_remove("PIM_POLICY")
        .output()
        .expect("run pim")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_first_start_makes_an_owner_only_key_file_and_a_missing_or_wrong_key_is_refused_changing_nothing() {
    let directory = fresh_dir("data-key");
    std::fs::create_dir_all(&directory).unwrap();
    let database_file = directory.join("pim.db");
    let url = format!("sqlite://{}", database_file.display());
    let key_file = directory.join("pim.db.key");

    let first = pim_without_key_variable(&["migrate", "--database", &url]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("made a data key"), "{}", stderr(&first));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let again = pim_without_key_variable(&["migrate", "--database", &url]);
    assert!(again.status.success() && !stderr(&again).contains("made a data key"), "said once: {}", stderr(&again));
    let key_line = key_text.lines().find(|line| line.starts_with("index=")).unwrap();
    assert!(!contains(&std::fs::read(&database_file).unwrap(), key_line.split(' ').nth(1).unwrap().as_bytes()));

    // Without its key file, the database is not given a new key.
    let moved = directory.join("elsewhere.key");
    std::fs::rename(&key_file, &moved).unwrap();
    let missing = pim_without_key_variable(&["migrate", "--database", &url]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("key file") && stderr(&missing).contains("missing"), "{}", stderr(&missing));
    assert!(!key_file.exists(), "no new key was made");

    // Another key is refused, and leaves the database as it was.
    let known = |db: &str| {
        let db = db.to_owned();
        async move {
            sqlx::query_as::<_, (String, String)>("SELECT name, check_value FROM data_keys ORDER BY name")
                .fetch_all(&sqlx::SqlitePool::connect(&db).await.unwrap())
                .await
                .unwrap()
        }
    };
    let before = known(&url).await;
    let wrong = directory.join("wrong.key");
    std::fs::write(&wrong, pim_store::DataKeys::generate().to_text()).unwrap();
    let refused =
        pim_without_key_variable(&["migrate", "--database", &url, "--data-key-file", wrong.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("is not the key"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("nothing was changed"), "{}", stderr(&refused));
    assert_eq!(known(&url).await, before);
    // With its own key (named by PIM_DATA_KEY_FILE), it opens again.
    let restored =
        pim_without_key_variable(&["migrate", "--database", &url, "--data-key-file", moved.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
}

/// Registers one amateur through the API of `pim serve` at `url`; the HTTP status.
async fn register_at(client: &reqwest::Client, url: &str, n: usize) -> u16 {
    let mut body: serde_json::Map<String, Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    body.insert("email".into(), json!(format!("runner{n}@example.org")));
    body.insert("passport_number".into(), json!(format!("R{n:08}")));
    body.insert("emergency_contact_name".into(), json!(format!("Contact {n}")));
    match client.post(format!("{url}/api/v1/registrations")).json(&body).send().await {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}

/// `pim serve` on `database` with the data key in `key_file`, registrations unlimited.
fn serve_with_key_file(database: &str, key_file: &std::path::Path) -> crate::helpers::PimServe {
    crate::helpers::start_pim_serve_with_key_file(
        database,
        &["--registration-rate-limit", "off", "--connections-per-address", "off"],
        key_file,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotate_re_seals_everything_while_registrations_keep_succeeding() {
    const BEFORE: usize = 300;
    let db = fresh_database("keys-rotate").await;
    let directory = fresh_dir("keys-rotate");
    std::fs::create_dir_all(&directory).unwrap();
    let key_file = directory.join("pim.key");
    let key_file_arg = key_file.to_str().unwrap();
    let made = pim_without_key_variable(&["keys", "new", "--file", key_file_arg]);
    assert!(made.status.success(), "{}", stderr(&made));
    let client = reqwest::Client::new();

    let mut serve = serve_with_key_file(db.url(), &key_file);
    for n in 0..BEFORE {
        assert_eq!(register_at(&client, &serve.url, n).await, 201, "registration {n}");
    }
    serve.child.kill().unwrap();
    serve.child.wait().unwrap();

    let added = pim_without_key_variable(&["keys", "add", "--database", db.url(), "--data-key-file", key_file_arg]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stderr(&added).contains("now holds keys 1, 2"), "{}", stderr(&added));

    // Restarted with both keys, the server seals new entries with key 2 while the rotation
    // re-seals the older ones.
    let mut serve = serve_with_key_file(db.url(), &key_file);
    let url = serve.url.clone();
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let load = tokio::spawn({
        let client = client.clone();
        async move {
            let mut statuses = Vec::new();
            let mut n = BEFORE;
            while !*stopped.borrow_and_update() {
                statuses.push(register_at(&client, &url, n).await);
                n += 1;
            }
            statuses
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let database = db.url().to_owned();
    let key = key_file_arg.to_owned();
    let rotated = tokio::task::spawn_blocking(move || {
        pim_without_key_variable(&["keys", "rotate", "--database", &database, "--data-key-file", &key])
    })
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.send(true).unwrap();
    let statuses = load.await.unwrap();
    serve.child.kill().unwrap();
    serve.child.wait().unwrap();

    let said = String::from_utf8_lossy(&rotated.stdout).into_owned();
    assert!(rotated.status.success(), "{said}{}", stderr(&rotated));
    assert!(said.contains(&format!("re-sealed {BEFORE} entries")), "{said}");
    assert!(said.contains("everything is sealed with key 2"), "{said}");
    assert!(statuses.len() > 5, "registrations went on during the rotation: {}", statuses.len());
    assert!(statuses.iter().all(|status| *status == 201), "{statuses:?}");
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations WHERE data_key_version <> 2").await, 0);

    // Every entry opens with key 2 alone: key 1 can go.
    let without_key_1: String = std::fs::read_to_string(&key_file)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter(|word| !word.starts_with("1="))
        .collect::<Vec<_>>()
        .join(" ");
    let keys = pim_store::DataKeys::parse(&without_key_1).unwrap();
    let store = pim_store::Store::open(db.url(), keys).await.unwrap();
    store.migrate().await.expect("no data is left under key 1");
    let mut seen = 0;
    let (mut after, mut queues) = (None, pim_store::QueueSnapshot::default());
    loop {
        let page = store.list_entry_details(&pim_store::EntryFilter::default(), after, 500, &mut queues).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.line.cursor);
        for entry in &page {
            assert!(entry.line.passport_number.as_str().starts_with('R'));
            assert!(entry.emergency_contact_name.starts_with("Contact "));
        }
        seen += page.len();
    }
    assert_eq!(seen, BEFORE + statuses.len());
}
