//! `pim serve` and `pim migrate` as an operator runs them.

use std::io::BufRead;
use std::process::Command;

use crate::app::{fresh_database, fresh_dir};

#[tokio::test]
async fn pim_serve_starts_on_a_fresh_database_answers_and_stops_on_sigterm() {
    let db = fresh_database("serve").await;
    let crate::helpers::PimServe { mut child, url, log, .. } = crate::helpers::start_pim_serve(db.url(), &[]);
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap().status().as_u16();
    assert_eq!(health, 200, "{url}");
    let form = reqwest::get(format!("{url}/register")).await.unwrap().status().as_u16();
    assert!(form == 200, "{form}");

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let rest: String = log.lines().map_while(Result::ok).collect::<Vec<_>>().join("\n");
    assert!(rest.contains("finishing requests in flight"), "{rest}");
    let operators = db.number("SELECT COUNT(*) FROM operators WHERE email = 'admin@localhost'").await;
    assert_eq!(operators, 1, "the database was made and the first operator added");
}

#[tokio::test]
async fn the_first_operator_is_the_one_named_and_must_choose_a_password_at_first_sign_in() {
    let db = fresh_database("first-operator").await;
    let crate::helpers::PimServe { mut child, directory, url, started_log, log } =
        crate::helpers::start_pim_serve(db.url(), &["--first-operator", "Boss@Race.example"]);
    std::thread::spawn(move || std::io::copy(&mut { log }, &mut std::io::sink()));
    let logged = started_log.lines().find(|line| line.contains("created the first operator")).expect("logged");
    assert!(logged.contains("boss@race.example (secretariat)"), "{logged}");
    // Without a terminal, the password is in a file only its owner reads, never in the log.
    let file = directory.join("pim-first-operator.txt");
    assert!(logged.contains(file.file_name().unwrap().to_str().unwrap()), "{logged}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let words = std::fs::read_to_string(&file).unwrap();
    assert!(words.contains("you will choose your own at first sign-in"), "{words}");
    let password = words.split("with the password ").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    assert!(!started_log.contains(&password), "the password is not in the log");

    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let login = browser.get(format!("{url}/admin/login")).send().await.unwrap().text().await.unwrap();
    let html = scraper::Html::parse_document(&login);
    let csrf = crate::app::attr_of(&html, "input[name=csrf_token]", "value");
    let form = [("email", "boss@race.example"), ("password", password.as_str()), ("csrf_token", csrf.as_str())];
    let response = browser.post(format!("{url}/admin/login")).form(&form).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/admin/password", "a new password first");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let operators = db.number("SELECT COUNT(*) FROM operators WHERE email <> 'boss@race.example'").await;
    assert_eq!(operators, 0, "no admin@localhost besides");
}

#[tokio::test]
async fn pim_migrate_creates_the_schema_and_can_run_twice() {
    let db = fresh_database("migrate").await;
    for _ in 0..2 {
        let output = Command::new(env!("CARGO_BIN_EXE_pim"))
            .env("PIM_DATA_KEY", crate::helpers::data_key_text())
            .args(["migrate", "--database", db.url()])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(db.number("SELECT COUNT(*) FROM registrations").await, 0, "the schema is there");
}

#[tokio::test]
async fn pim_mail_dispatch_once_writes_eml_files_and_pim_mail_status_reports_them() {
    let app = crate::app::spawn_app().await;
    let response = app.register(&crate::app::valid_fields()).await;
    assert_eq!(response.status().as_u16(), 303);
    let database = app.db.url().to_owned();
    let mail_dir = fresh_dir("dispatch-mail");
    let pim = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_pim"))
            .env("PIM_DATA_KEY", crate::helpers::data_key_text())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };

    assert!(pim(&["mail", "status", "--database", &database]).starts_with("Outbox: 1 pending"));
    pim(&["mail", "dispatch", "--once", "--database", &database, "--mail-dir", mail_dir.to_str().unwrap()]);
    let files: Vec<_> = std::fs::read_dir(&mail_dir).unwrap().map(|f| f.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read(&files[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let reference = message.subject().unwrap().rsplit('(').next().unwrap().trim_end_matches(')').to_owned();
    assert!(reference.starts_with("PIM-"));

    assert!(pim(&["mail", "status", "--database", &database]).starts_with("Outbox: 1 sent"));
    let history = pim(&["mail", "status", "--database", &database, "--reference", &reference]);
    assert!(
        history.contains("registration_received") && history.contains("sent") && history.contains("attempts 1"),
        "{history}"
    );
}

#[tokio::test]
async fn pim_operator_add_creates_operators_and_refuses_duplicates_and_short_passwords() {
    let db = fresh_database("operators").await;
    let database = db.url().to_owned();
    let pim = |args: &[&str], stdin: &str| crate::helpers::pim(&[args, &["--database", &database]].concat(), stdin);

    let added = pim(&["operator", "add", "--email", "Ops@Koryo.example", "--organisation", "licensed_operator"], "");
    assert!(added.status.success(), "{}", crate::helpers::stderr(&added));
    let text = crate::helpers::stdout(&added);
    assert!(text.starts_with("Added ops@koryo.example"), "{text}");
    let password = text.lines().find_map(|l| l.strip_prefix("Password: ")).unwrap();
    assert_eq!(password.len(), 20);

    let again = pim(&["operator", "add", "--email", "ops@koryo.example", "--organisation", "ministry"], "");
    assert_eq!(again.status.code(), Some(2));
    assert!(crate::helpers::stderr(&again).contains("already exists"));
    let short = pim(
        &["operator", "add", "--email", "m@sport.example", "--organisation", "ministry", "--password-stdin"],
        "short\n",
    );
    assert_eq!(short.status.code(), Some(2));

    let listed = crate::helpers::stdout(&pim(&["operator", "list"], ""));
    assert_eq!(listed.lines().count(), 1);
    assert!(listed.contains("licensed_operator"));
}
