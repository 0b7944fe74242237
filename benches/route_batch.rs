//! `cargo bench --bench route_batch`: how long routing 100,000 applicants takes, in
//! process (`route()` alone) and through `pim route --batch` (JSON in and out).
//! Prints numbers; asserts nothing about time.

use std::fs::File;
use std::process::Command;
use std::time::{Duration, Instant};

use pim_domain::{Application, Category, Distance, Nationality, Policy, Sex, route};
use time::macros::date;

const APPLICANTS: usize = 100_000;
// The machine's wall time is noisy (shared cores): the best run shows the code's cost, the
// median what to expect.
const RUNS: usize = 7;

/// A varied, repeatable mix: every nationality, both categories, all distances, times on
/// both sides of the standards, a few too young.
fn applicant_lines() -> Vec<String> {
    let nationalities = Nationality::all();
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..APPLICANTS)
        .map(|_| {
            let nationality = nationalities[next() % nationalities.len()];
            let distance = Distance::ALL[next() % 4];
            let sex = Sex::ALL[next() % 2];
            let year = 1950 + next() % 65;
            let mut line = format!(
                r#"{{"nationality":"{nationality}","distance":"{distance}","sex":"{sex}","date_of_birth":"{year}-0{}-1{}""#,
                1 + next() % 9,
                next() % 10
            );
            if next() % 10 == 0 {
                let seconds = 800 + next() % 9_000;
                line += &format!(
                    r#","category":"elite","qualifying_time":"{}:{:02}:{:02}","qualifying_date":"2026-0{}-15""#,
                    seconds / 3600,
                    seconds / 60 % 60,
                    seconds % 60,
                    1 + next() % 9
                );
            } else {
                line += r#","category":"amateur""#;
            }
            line + "}"
        })
        .collect()
}

/// (best, median) of the samples.
fn best_and_median(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[0], samples[samples.len() / 2])
}

fn main() {
    let lines = applicant_lines();
    let policy = Policy::embedded_default();
    let as_of = date!(2026 - 11 - 21);

    let applications: Vec<Application> = lines
        .iter()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |name: &str| value[name].as_str().unwrap_or("").to_owned();
            let (n, c, d, s, b, t, q) = (
                field("nationality"),
                field("category"),
                field("distance"),
                field("sex"),
                field("date_of_birth"),
                field("qualifying_time"),
                field("qualifying_date"),
            );
            let input = pim_domain::ApplicationInput {
                nationality: &n,
                category: &c,
                distance: &d,
                sex: &s,
                date_of_birth: &b,
                qualifying_time: &t,
                qualifying_date: &q,
            };
            Application::parse(&input).unwrap()
        })
        .collect();
    let elite = applications.iter().filter(|a| a.category == Category::Elite).count();

    let in_process: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let routed =
                applications.iter().map(|a| route(&policy, a, as_of)).filter(|d| d.explanation().len() > 1).count();
            assert_eq!(routed, APPLICANTS);
            start.elapsed()
        })
        .collect();

    // As an operator runs it: `pim route --batch < applicants.jsonl > decisions.jsonl`.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (input_path, output_path) = (dir.join("bench-applicants.jsonl"), dir.join("bench-decisions.jsonl"));
    std::fs::write(&input_path, lines.join("\n") + "\n").expect("write applicants");
    let through_binary: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_pim"))
                .args(["route", "--batch", "--as-of", "2026-11-21"])
                .stdin(File::open(&input_path).expect("open applicants"))
                .stdout(File::create(&output_path).expect("create decisions"))
                .status()
                .expect("run pim");
            let elapsed = start.elapsed();
            assert!(status.success());
            let written = std::fs::read_to_string(&output_path).expect("read decisions");
            assert_eq!(written.lines().count(), APPLICANTS);
            elapsed
        })
        .collect();

    let report = |label: &str, samples: Vec<Duration>| {
        let (best, median) = best_and_median(samples);
        let per_second = APPLICANTS as f64 / best.as_secs_f64();
        println!(
            "  {label:<34} best {:>7.1} ms, median {:>7.1} ms  ({per_second:.0} per second at best)",
            best.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        );
    };
    println!("{APPLICANTS} applicants ({elite} elite), {RUNS} runs:");
    report("route() in process", in_process);
    report("pim route --batch, file to file", through_binary);
}
