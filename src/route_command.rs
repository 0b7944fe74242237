//! `pim route`: the routing rules for scripts and operators, one applicant from flags or
//! many as JSON Lines.

use std::io::BufRead;

use anyhow::Context;
use clap::Args;
use pim_domain::{Application, Category, Distance, Nationality, Policy, RaceTime, RoutingRequest, Sex, route};
use serde::Serialize;
use time::Date;

use crate::{PolicyArg, write_stdout};

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  pim route --nationality SG --category amateur --distance full --sex female --date-of-birth 1990-05-01
  pim route --batch < applicants.jsonl > decisions.jsonl

Batch lines are JSON objects with the same names in snake_case (nationality, category,
distance, sex, date_of_birth, qualifying_time, qualifying_date, as_of); each gets one
line of output, in order.")]
pub struct RouteArgs {
    /// Read applicants as JSON Lines on stdin; write one decision per line
    #[arg(long)]
    batch: bool,
    /// ISO 3166-1 alpha-2 code, such as SG
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    nationality: Option<Nationality>,
    /// elite or amateur
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    category: Option<Category>,
    /// full, half, 10k or 5k
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    distance: Option<Distance>,
    /// female or male
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    sex: Option<Sex>,
    /// YYYY-MM-DD
    #[arg(long, value_parser = parse_date_arg, required_unless_present = "batch", conflicts_with = "batch")]
    date_of_birth: Option<Date>,
    /// Elite qualifying time at the same distance, H:MM:SS or MM:SS
    #[arg(long, conflicts_with = "batch")]
    qualifying_time: Option<RaceTime>,
    /// Date the qualifying time was run, YYYY-MM-DD
    #[arg(long, value_parser = parse_date_arg, conflicts_with = "batch")]
    qualifying_date: Option<Date>,
    /// Date of the application, YYYY-MM-DD [default: today in the race's time zone]; in a batch, for lines without as_of
    #[arg(long, value_parser = parse_date_arg)]
    as_of: Option<Date>,
    #[command(flatten)]
    policy: PolicyArg,
}

fn parse_date_arg(text: &str) -> Result<Date, pim_domain::DateError> {
    pim_domain::parse_date(text)
}

/// A line that could not be read; the batch goes on.
#[derive(Serialize)]
struct Invalid<'a> {
    outcome: &'static str,
    line: usize,
    error: &'a str,
}

pub fn run(args: &RouteArgs) -> anyhow::Result<()> {
    let policy = args.policy.load()?;
    let as_of = args.as_of.unwrap_or_else(|| policy.local_date(time::OffsetDateTime::now_utc()));
    if args.batch {
        let stdin = std::io::stdin();
        return write_stdout(|out| route_lines(&policy, as_of, stdin.lock(), out));
    }
    let (Some(nationality), Some(category), Some(distance), Some(sex), Some(date_of_birth)) =
        (args.nationality, args.category, args.distance, args.sex, args.date_of_birth)
    else {
        unreachable!("clap requires these flags without --batch");
    };
    let application = Application {
        nationality,
        category,
        distance,
        sex,
        date_of_birth,
        qualifying_time: args.qualifying_time,
        qualifying_date: args.qualifying_date,
    };
    let decision = route(&policy, &application, as_of);
    let json = serde_json::to_string(&decision).context("encode decision")?;
    write_stdout(|out| writeln!(out, "{json}"))
}

/// Routes each JSON line of `input` and writes one JSON line per input line, in order.
fn route_lines(
    policy: &Policy,
    default_as_of: Date,
    mut input: impl BufRead,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        let written = match decide_line(policy, default_as_of, &line) {
            Ok(decision) => serde_json::to_writer(&mut *out, &decision),
            Err(error) => {
                serde_json::to_writer(&mut *out, &Invalid { outcome: "invalid", line: number, error: &error })
            }
        };
        written.map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
    }
}

fn decide_line(policy: &Policy, default_as_of: Date, line: &[u8]) -> Result<pim_domain::Decision, String> {
    if line.trim_ascii().is_empty() {
        return Err("empty line: expected a JSON object".to_owned());
    }
    let request: RoutingRequest = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    request.decide(policy, default_as_of)
}
