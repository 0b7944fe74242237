//! `pim policy show`: the policy in force, as an operator reads it.

use clap::{Args, Subcommand};
use pim_domain::{Category, Channel, Distance, Policy, Sex, format_date_long, format_moment_long};

use crate::{PolicyArg, write_stdout};

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Print the policy in force: lists with country names, standards, ages, fees
    Show(ShowArgs),
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Print the TOML document itself, comments included (a start for next edition's file)
    #[arg(long)]
    source: bool,
    #[command(flatten)]
    policy: PolicyArg,
}

pub fn run(command: &PolicyCommand) -> anyhow::Result<()> {
    let PolicyCommand::Show(args) = command;
    let policy = args.policy.load()?;
    let text = if args.source { policy.source().to_owned() } else { summary(&policy, &args.policy.describe()) };
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// The policy as a person reads it: every list, standard and limit that routing applies.
fn summary(policy: &Policy, from: &str) -> String {
    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    line(format!("{policy}"));
    line(format!("Policy: {from}"));
    line(format!("Race day: {} ({})", format_date_long(policy.race_day()), policy.race_day().weekday()));
    line(format!("Registration opens: {}", format_moment_long(policy.registration_opens_at())));
    line(format!(
        "Passports must be valid until at least {} ({} months after race day)",
        format_date_long(policy.passport_valid_until()),
        policy.passport_valid_months_after_race_day()
    ));
    line(String::new());
    line("Channels:          last day to apply   handled by".into());
    for channel in Channel::ALL {
        let last_day = format_date_long(policy.last_day_to_apply(channel));
        line(format!("  {:<18} {:<19} {}", channel.as_str(), last_day, policy.organisation(channel)));
    }
    line(String::new());
    line("Places (held while submitted, asked for information, accepted or invited):".into());
    for channel in [Channel::LicensedOperator, Channel::StateAgency] {
        if let Some(quota) = policy.quota(channel) {
            let per_race: Vec<_> = Distance::ALL
                .iter()
                .filter_map(|d| quota.for_distance(*d).map(|n| format!("{} {n}", d.as_str())))
                .collect();
            let per_race = if per_race.is_empty() { String::new() } else { format!(" ({})", per_race.join(", ")) };
            line(format!("  {:<18} {}{per_race}", channel.as_str(), quota.total));
        }
    }
    line(format!(
        "  {:<18} {} per country and sex",
        Channel::EliteInvitation.as_str(),
        policy.elite_invitations_per_country_and_sex()
    ));
    line(String::new());
    line("Races:        fee      time limit  minimum age on race day".into());
    for distance in Distance::ALL {
        let race = policy.race(*distance);
        line(format!(
            "  {:<10} USD {:<5} {:<11} {}",
            distance.as_str(),
            race.entry_fee_usd,
            race.time_limit.to_string(),
            race.minimum_age
        ));
    }
    line(String::new());
    line("State-agency region: amateurs of these nationalities register through the state agencies,".into());
    line("unless marked; every other amateur registers through the licensed operator.".into());
    for nationality in policy.state_agency_region() {
        let note = if policy.refusal(*nationality, Category::Amateur).is_some() {
            "amateurs not accepted (below)"
        } else if policy.state_agency_exceptions().contains(nationality) {
            "exception: licensed operator"
        } else {
            ""
        };
        line(format!("  {} {:<42} {note}", nationality.code(), nationality.name()).trim_end().to_owned());
    }
    line(String::new());
    line("Not accepted:".into());
    for entry in policy.not_accepted() {
        let categories = if entry.categories.len() == Category::ALL.len() {
            "all entries".to_owned()
        } else {
            let names: Vec<_> = entry.categories.iter().map(|c| c.as_str()).collect();
            format!("{} entries", names.join(" and "))
        };
        line(format!("  {} {} ({categories}): {}", entry.nationality.code(), entry.nationality.name(), entry.message));
    }
    line(String::new());
    line("Country names the organisers give, by language:".into());
    for (nationality, tag, name) in policy.country_names() {
        line(format!("  {} {tag}: {name}", nationality.code()));
    }
    line(String::new());
    line(format!(
        "Elite standards (run at the same distance between {} and the day of application; a time equal to the standard qualifies):",
        format_date_long(policy.qualifying_window_start())
    ));
    line("               men        women".into());
    for distance in Distance::ALL {
        let mark = |sex| policy.elite_standard(*distance, sex).map_or("no field".to_owned(), |t| t.to_string());
        line(format!("  {:<12} {:<10} {}", distance.as_str(), mark(Sex::Male), mark(Sex::Female)));
    }
    line(String::new());
    line("World records (a faster qualifying time is refused as a typing mistake):".into());
    line("               men        women".into());
    for distance in Distance::ALL {
        let mark = |sex| policy.world_record(*distance, sex).map_or("none".to_owned(), |t| t.to_string());
        line(format!("  {:<12} {:<10} {}", distance.as_str(), mark(Sex::Male), mark(Sex::Female)));
    }
    text
}
