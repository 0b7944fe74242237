//! `pim serve` and `pim migrate` as an operator runs them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::app::fresh_db_path;

#[test]
fn pim_serve_starts_on_a_fresh_database_answers_and_stops_on_sigterm() {
    let db = fresh_db_path("serve");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pim"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database", &format!("sqlite://{}", db.display())])
        .arg("--mail-dir")
        .arg(db.with_extension("mail"))
        .env_remove("PIM_POLICY")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pim serve");
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "pim serve ended before listening");
        // "… is listening on http://ADDRESS: open http://ADDRESS/register …"
        if let Some(url) = line.split(" open ").nth(1).and_then(|rest| rest.split("/register").next()) {
            break url.to_owned();
        }
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let health = runtime.block_on(async { reqwest::get(format!("{url}/healthz")).await.unwrap().status().as_u16() });
    assert_eq!(health, 200, "{url}");
    let form = runtime.block_on(async { reqwest::get(format!("{url}/register")).await.unwrap().status().as_u16() });
    assert!(form == 200, "{form}");

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let rest: String = log.lines().map_while(Result::ok).collect::<Vec<_>>().join("\n");
    assert!(rest.contains("finishing requests in flight"), "{rest}");
    assert!(db.exists(), "the database file was created");
}

#[test]
fn pim_migrate_creates_the_schema_and_can_run_twice() {
    let db = fresh_db_path("migrate");
    for _ in 0..2 {
        let output = Command::new(env!("CARGO_BIN_EXE_pim"))
            .args(["migrate", "--database", &format!("sqlite://{}", db.display())])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert!(db.exists());
}
