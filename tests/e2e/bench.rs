//! `pim bench --quick`: the harness runs end to end at small sizes, and the rush's
//! invariants hold (exactly the places there are, waiting positions without gaps, every
//! acknowledged entry stored with its email), as does the mail's (every queued email
//! delivered once); the admin's pages answer on a database of copied entries. Where the
//! run names a PostgreSQL server, the API, the form, the rush and the mail run there too, with one
//! instance (or dispatcher) and with two on one database, and the rush and the mail keep
//! their invariants there as well; the admin's pages answer there on copied entries too. The speeds it prints are read, not asserted.

use std::process::Command;

#[test]
fn the_bench_runs_every_scenario_and_the_rush_keeps_its_invariants() {
    let dir = crate::app::fresh_dir("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("bench.json");
    let postgres = pim_test_database::postgres_server();
    let mut bench = Command::new(env!("CARGO_BIN_EXE_pim"));
    bench.args(["bench", "--quick", "--work-dir"]).arg(dir.join("work")).arg("--json").arg(&json);
    // The PostgreSQL scenarios run where this run names a server, and only then.
    bench.env_remove("DATABASE_URL");
    if let Some(server) = &postgres {
        bench.args(["--postgres", server]);
    }
    let output = bench.output().expect("run pim bench");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let mut scenarios = vec!["bare axum /healthz", "pim /healthz", "api", "form", "rush", "mail", "admin: dashboard"];
    if postgres.is_some() {
        scenarios.extend(["api pg, 1 instance", "api pg, 2 instances", "rush pg, 1 instance", "rush pg, 2 instances"]);
        scenarios.extend(["form pg, 1 instance", "form pg, 2 instances"]);
        scenarios.extend(["mail pg, 1 dispatcher", "mail pg, 2 dispatchers", "admin pg: dashboard"]);
    }
    for scenario in &scenarios {
        assert!(stdout.lines().any(|line| line.starts_with(scenario)), "a row for {scenario}: {stdout}");
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert!(rows.iter().all(|row| row["errors"] == 0 && row["rate"].as_f64().unwrap() > 0.0), "{rows:?}");
    let checks = report["checks"].as_array().unwrap();
    let (rushes, mails, admins) = if postgres.is_some() { (3, 3, 2) } else { (1, 1, 1) };
    assert_eq!(checks.len(), 5 * rushes + mails + admins, "each rush's five, each mail's and admin's: {checks:?}");
    assert!(checks.iter().all(|check| check["passed"] == true), "{checks:?}");
}
