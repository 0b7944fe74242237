//! `pim bench --quick`: the harness runs end to end at small sizes, and the rush's
//! invariants hold (exactly the places there are, waiting positions without gaps, every
//! acknowledged entry stored with its email), as does the mail's (every queued email
//! delivered once); the admin's pages answer on a database of copied entries. The speeds
//! it prints are read, not asserted.

use std::process::Command;

#[test]
fn the_bench_runs_every_scenario_and_the_rush_keeps_its_invariants() {
    let dir = crate::app::fresh_dir("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("bench.json");
    let output = Command::new(env!("CARGO_BIN_EXE_pim"))
        .args(["bench", "--quick", "--work-dir"])
        .arg(dir.join("work"))
        .arg("--json")
        .arg(&json)
        .output()
        .expect("run pim bench");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    for scenario in ["bare axum /healthz", "pim /healthz", "api", "form", "rush", "mail", "admin: dashboard"] {
        assert!(stdout.lines().any(|line| line.starts_with(scenario)), "a row for {scenario}: {stdout}");
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert!(rows.iter().all(|row| row["errors"] == 0 && row["rate"].as_f64().unwrap() > 0.0), "{rows:?}");
    let checks = report["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 7, "the rush's five, the mail's and the admin's: {checks:?}");
    assert!(checks.iter().all(|check| check["passed"] == true), "{checks:?}");
}
