//! Any interleaving of submissions, declines, withdrawals, quota changes and promotions by
//! hand keeps the places held within the quota and the waiting list without gaps or
//! repeats.

use pim_domain::{Admission, Ledger};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Submit,
    /// Decline or withdraw the n-th entry so far (modulo their number): both release.
    Release(usize),
    SetQuota(usize),
    /// An operator moves the n-th entry so far to the front of the waiting list.
    PromoteByHand(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => Just(Step::Submit),
        3 => any::<usize>().prop_map(Step::Release),
        1 => (0usize..12).prop_map(Step::SetQuota),
        1 => any::<usize>().prop_map(Step::PromoteByHand),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn places_never_exceed_the_quota_and_the_waiting_list_has_no_gaps(
        initial in 0usize..10,
        steps in proptest::collection::vec(step(), 1..200),
    ) {
        let mut ledger = Ledger::new(initial);
        let mut entries: Vec<u64> = Vec::new();
        let mut left: Vec<u64> = Vec::new();
        for step in steps {
            let held_before = ledger.held();
            match step {
                Step::Submit => {
                    let id = entries.len() as u64;
                    entries.push(id);
                    match ledger.submit(id) {
                        Admission::Place => prop_assert!(ledger.held() <= ledger.quota()),
                        Admission::Waitlisted { position } => prop_assert_eq!(position, ledger.waiting()),
                    }
                }
                Step::Release(_) | Step::PromoteByHand(_) if entries.is_empty() => {}
                Step::Release(n) => {
                    let id = entries[n % entries.len()];
                    let promoted = ledger.release(id);
                    left.push(id);
                    // Promotion only fills places under the quota.
                    prop_assert!(promoted.is_empty() || ledger.held() <= ledger.quota());
                }
                Step::PromoteByHand(n) => {
                    let id = entries[n % entries.len()];
                    let was_waiting = ledger.position(id).is_some();
                    let promoted = ledger.promote_by_hand(id);
                    prop_assert!(ledger.held() <= ledger.quota().max(held_before));
                    if was_waiting && promoted.is_empty() {
                        prop_assert_eq!(ledger.position(id), Some(1));
                    }
                }
                Step::SetQuota(quota) => {
                    ledger.set_quota(quota);
                    // Nobody loses a place; more are held only if the quota allows.
                    prop_assert!(ledger.held() >= held_before);
                    prop_assert!(ledger.held() <= ledger.quota().max(held_before));
                }
            }
            // Over the quota only by a lowered quota, never by an admission.
            if ledger.held() > ledger.quota() {
                prop_assert!(ledger.held() <= held_before);
            }
            // Waiting positions run 1..=n, each entry once, none also holding a place.
            let waiting: Vec<u64> = entries.iter().copied().filter(|id| ledger.position(*id).is_some()).collect();
            let mut positions: Vec<usize> = waiting.iter().map(|id| ledger.position(*id).unwrap()).collect();
            positions.sort();
            prop_assert_eq!(positions, (1..=waiting.len()).collect::<Vec<_>>());
            prop_assert!(waiting.iter().all(|id| !ledger.holds_place(*id)));
            // Someone waits only while the places are full.
            prop_assert!(waiting.is_empty() || ledger.held() >= ledger.quota());
            prop_assert!(left.iter().all(|id| !ledger.holds_place(*id) && ledger.position(*id).is_none()));
        }
    }
}
