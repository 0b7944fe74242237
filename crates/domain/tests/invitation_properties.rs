//! Elite invitations strictly by qualifying time: no interleaving of submissions,
//! invitations, declines and withdrawals ever leaves an entry under review that ranks
//! ahead of one holding its country and sex's invitation.

use std::cmp::Ordering;

use pim_domain::{Distance, EliteCandidate, Policy, Sex, invitation_order, may_invite};
use proptest::prelude::*;
use time::OffsetDateTime;
use time::macros::{date, datetime};

#[derive(Debug, Clone)]
enum Step {
    /// An elite entry arrives: its race, seconds under the standard, qualifying day offset.
    Submit { distance: usize, margin: u32, qualified_days_ago: i64 },
    /// Elite applications close: invitations may open.
    Close,
    /// The Ministry tries to invite the n-th entry so far (modulo their number).
    Invite(usize),
    /// The n-th entry is declined or withdraws: either way it leaves the review.
    Leave(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0usize..4, 0u32..900, 0i64..700)
            .prop_map(|(distance, margin, qualified_days_ago)| Step::Submit { distance, margin, qualified_days_ago }),
        1 => Just(Step::Close),
        4 => any::<usize>().prop_map(Step::Invite),
        2 => any::<usize>().prop_map(Step::Leave),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    UnderReview,
    Invited,
    Gone,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn no_entry_under_review_ranks_ahead_of_an_invited_one(steps in proptest::collection::vec(step(), 1..60)) {
        let policy = Policy::embedded_default();
        let limit = policy.elite_invitations_per_country_and_sex() as usize;
        let (open, closed) = (datetime!(2026-12-01 10:00 +09:00), datetime!(2027-01-12 10:00 +09:00));
        let mut now: OffsetDateTime = open;
        let mut entries: Vec<(EliteCandidate<usize>, State)> = Vec::new();
        for step in steps {
            match step {
                // Registration refuses elite entries once their window has closed.
                Step::Submit { .. } if now == closed => {}
                Step::Submit { distance, margin, qualified_days_ago } => {
                    let id = entries.len();
                    let candidate = EliteCandidate {
                        id,
                        distance: Distance::ALL[distance],
                        sex: Sex::Male,
                        margin_seconds: margin,
                        qualifying_date: Some(date!(2026 - 11 - 01) - time::Duration::days(qualified_days_ago)),
                        received_at: now + time::Duration::seconds(id as i64),
                    };
                    entries.push((candidate, State::UnderReview));
                }
                Step::Close => now = closed,
                Step::Invite(n) if !entries.is_empty() => {
                    let n = n % entries.len();
                    let invited = entries.iter().filter(|(_, state)| *state == State::Invited).count();
                    let under_review: Vec<_> =
                        entries.iter().filter(|(_, state)| *state == State::UnderReview).map(|(c, _)| c).collect();
                    if entries[n].1 == State::UnderReview
                        && invited < limit
                        && may_invite(&policy, now, &entries[n].0, under_review.iter().copied()).is_ok()
                    {
                        entries[n].1 = State::Invited;
                    }
                }
                Step::Leave(n) if !entries.is_empty() => {
                    let n = n % entries.len();
                    entries[n].1 = State::Gone;
                }
                Step::Invite(_) | Step::Leave(_) => {}
            }
            for (invited, _) in entries.iter().filter(|(_, state)| *state == State::Invited) {
                for (waiting, _) in entries.iter().filter(|(_, state)| *state == State::UnderReview) {
                    prop_assert!(
                        invitation_order(&policy, waiting, invited) != Ordering::Less,
                        "{waiting:?} waits while {invited:?} holds the invitation"
                    );
                }
            }
        }
    }
}

fn any_candidate() -> impl Strategy<Value = EliteCandidate<u32>> {
    // Margins under every race's standard (the 5 km men's, 13:45, is the least).
    (0usize..4, any::<bool>(), 0u32..825, proptest::option::of(0i64..3_000), 0i64..100_000, any::<u32>()).prop_map(
        |(distance, female, margin, qualified_days_ago, received_after, id)| EliteCandidate {
            id,
            distance: Distance::ALL[distance],
            sex: if female { Sex::Female } else { Sex::Male },
            margin_seconds: margin,
            qualifying_date: qualified_days_ago.map(|days| date!(2026 - 11 - 01) - time::Duration::days(days)),
            received_at: datetime!(2026-12-01 10:00 UTC) + time::Duration::seconds(received_after),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// The admin lists elite entries by `rank` in the database: the order the Ministry reads
    /// is the order it must invite in.
    #[test]
    fn the_rank_orders_as_the_invitation_rule(a in any_candidate(), b in any_candidate()) {
        let policy = Policy::embedded_default();
        let by_rank = b.rank(&policy).cmp(&a.rank(&policy)).then_with(|| a.received_at.cmp(&b.received_at));
        prop_assert_eq!(by_rank, invitation_order(&policy, &a, &b));
    }
}
