use serde_json::json;

use crate::helpers::{fixture, json_lines, pim, stderr, stdout, temp_file};

const SINGAPOREAN_AMATEUR: [&str; 11] = [
    "route",
    "--nationality",
    "SG",
    "--category",
    "amateur",
    "--distance",
    "full",
    "--sex",
    "female",
    "--date-of-birth",
    "1990-05-01",
];

#[test]
fn one_applicant_from_flags_prints_one_json_decision() {
    let output = pim(&SINGAPOREAN_AMATEUR, "");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json_lines(&output),
        [json!({
            "outcome": "routed",
            "channel": "licensed_operator",
            "rule": "east_southeast_asia_exception",
            "explanation": "Runners from Singapore register through Koryo Tours, the licensed operator, even though Singapore is in Southeast Asia."
        })]
    );
}

#[test]
fn an_elite_applicant_gets_the_margin_the_ministry_ranks_by() {
    let args = [
        "route",
        "--nationality",
        "CN",
        "--category",
        "elite",
        "--distance",
        "full",
        "--sex",
        "male",
        "--date-of-birth",
        "1994-02-02",
        "--qualifying-time",
        "2:09:30",
        "--qualifying-date",
        "2026-10-04",
        "--as-of",
        "2026-11-21",
    ];
    let decision = &json_lines(&pim(&args, ""))[0];
    assert_eq!(decision["channel"], "elite_invitation");
    assert_eq!(decision["margin_seconds"], 135);
}

#[test]
fn an_ineligible_applicant_exits_zero_with_the_reason() {
    let mut args = SINGAPOREAN_AMATEUR;
    args[2] = "KR";
    let output = pim(&args, "");
    assert!(output.status.success());
    let decision = &json_lines(&output)[0];
    assert_eq!(decision["outcome"], "ineligible");
    assert_eq!(decision["reason"], "nationality_not_handled");
}

#[test]
fn bad_flags_exit_with_status_two_and_a_message_naming_the_flag() {
    for (flag, value, message) in [
        ("--nationality", "XX", "\"XX\" is not an ISO 3166-1 country code"),
        ("--date-of-birth", "1990-02-30", "1990-02-30 is not a real date"),
        ("--distance", "marathon", "use one of: full, half, 10k, 5k"),
    ] {
        let mut args = SINGAPOREAN_AMATEUR.to_vec();
        let at = args.iter().position(|arg| *arg == flag).unwrap();
        args[at + 1] = value;
        let output = pim(&args, "");
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        assert!(stdout(&output).is_empty());
        assert!(stderr(&output).contains(flag) && stderr(&output).contains(message), "{}", stderr(&output));
    }
    let output = pim(&["route", "--nationality", "SG", "--qualifying-time", "1:75:00"], "");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_batch_routes_each_line_in_order() {
    let output = pim(&["route", "--batch", "--as-of", "2026-11-21"], &fixture("applicants.jsonl"));
    assert!(output.status.success(), "{}", stderr(&output));
    let verdicts: Vec<String> = json_lines(&output)
        .iter()
        .map(|d| {
            format!("{} {}", d["outcome"].as_str().unwrap(), d["channel"].as_str().or(d["reason"].as_str()).unwrap())
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            "routed licensed_operator",
            "routed state_agency",
            "routed licensed_operator",
            "routed elite_invitation",
            "ineligible elite_standard_not_met",
            "ineligible nationality_not_handled",
            "ineligible below_minimum_age",
            "ineligible qualifying_date_outside_window",
        ]
    );
}

#[test]
fn bad_lines_in_a_batch_are_reported_and_the_batch_goes_on() {
    let input = [
        r#"{"nationality":"XX","category":"amateur","distance":"full","sex":"female","date_of_birth":"1990-05-01"}"#,
        "this is not json",
        "",
        r#"{"nationality":"DE","category":"amateur","distance":"full","sex":"female","date_of_birth":"1990-05-01","qualifying_tme":"2:50:00"}"#,
        r#"{"nationality":"DE","category":"amateur","distance":"full","sex":"female","date_of_birth":"1990-05-01"}"#,
    ]
    .join("\n");
    let output = pim(&["route", "--batch"], &input);
    assert!(output.status.success());
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 5, "one output line per input line");
    for (index, line) in lines[..4].iter().enumerate() {
        assert_eq!(line["outcome"], "invalid", "line {}", index + 1);
        assert_eq!(line["line"], index + 1);
    }
    assert!(lines[0]["error"].as_str().unwrap().starts_with("nationality: \"XX\" is not an ISO 3166-1 country code"));
    assert!(lines[3]["error"].as_str().unwrap().contains("unknown field `qualifying_tme`"));
    assert_eq!(lines[4]["channel"], "licensed_operator");
}

#[test]
fn a_policy_file_changes_the_routing() {
    let source = stdout(&pim(&["policy", "show", "--source"], ""));
    let with_china_excepted = source.replace("exceptions = [\"SG\", \"HK\"]", "exceptions = [\"SG\", \"HK\", \"CN\"]");
    let path = temp_file("china-excepted.toml", &with_china_excepted);
    let line =
        r#"{"nationality":"CN","category":"amateur","distance":"full","sex":"male","date_of_birth":"1980-01-01"}"#;
    assert_eq!(json_lines(&pim(&["route", "--batch"], line))[0]["channel"], "state_agency");
    let output = pim(&["route", "--batch", "--policy", path.to_str().unwrap()], line);
    assert_eq!(json_lines(&output)[0]["channel"], "licensed_operator");
}

#[test]
fn a_policy_file_with_a_typo_is_refused_naming_the_key_and_line() {
    let source = stdout(&pim(&["policy", "show", "--source"], ""));
    let typo = source.replace("minimum_age = 16", "minimun_age = 16");
    let line = typo.lines().position(|l| l.contains("minimun_age")).unwrap() + 1;
    let path = temp_file("typo.toml", &typo);
    for command in [&["policy", "show"][..], &["route", "--batch"][..]] {
        let output = pim(&[command, &["--policy", path.to_str().unwrap()]].concat(), "");
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(message.contains("minimun_age") && message.contains(&format!("line {line}")), "{message}");
    }
}

#[test]
fn policy_show_prints_the_lists_and_standards_in_force() {
    let output = pim(&["policy", "show"], "");
    assert!(output.status.success());
    let text = stdout(&output);
    for expected in [
        "Race day: 11 April 2027 (Sunday)",
        "SG Singapore",
        "exception: licensed operator",
        "TW Taiwan, Province of China",
        "2:11:45    2:32:00",
        "13:45      15:30",
        "between 11 April 2024 and the day of application",
        "USD 150",
    ] {
        assert!(text.contains(expected), "policy show lacks {expected:?}:\n{text}");
    }
}
