//! Places and the waiting list of one quota: the rules, as a state machine.
//!
//! An entry takes a place if one is free, otherwise joins the end of the waiting list. A
//! released place (decline, withdrawal) goes to the first entry waiting, as does each
//! place a raised quota adds. A lowered quota takes no place from anyone: it only stops
//! promotions until releases bring the places held under it. An operator may move a
//! waiting entry to the front of the list by hand: it takes the next place, and never one
//! that does not exist. The store applies the same
//! rules atomically in SQL; this is their specification, checked by property tests.

use std::collections::VecDeque;

/// What an entry got when it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Place,
    /// On the waiting list at this position, 1 being next.
    Waitlisted {
        position: usize,
    },
}

/// One quota's places and queue. Entries are identified by the caller's ids.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    quota: usize,
    holding: Vec<u64>,
    waiting: VecDeque<u64>,
}

impl Ledger {
    pub fn new(quota: usize) -> Ledger {
        Ledger { quota, ..Ledger::default() }
    }

    pub fn quota(&self) -> usize {
        self.quota
    }

    pub fn held(&self) -> usize {
        self.holding.len()
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    fn has_free_place(&self) -> bool {
        self.holding.len() < self.quota
    }

    /// A new entry: a place if one is free, else the end of the waiting list.
    pub fn submit(&mut self, id: u64) -> Admission {
        if self.has_free_place() && self.waiting.is_empty() {
            self.holding.push(id);
            Admission::Place
        } else {
            self.waiting.push_back(id);
            Admission::Waitlisted { position: self.waiting.len() }
        }
    }

    /// The entry leaves (declined or withdrawn): its place, if it held one, goes to those
    /// waiting. Returns the entries promoted, in order.
    pub fn release(&mut self, id: u64) -> Vec<u64> {
        if let Some(at) = self.holding.iter().position(|held| *held == id) {
            self.holding.remove(at);
        } else if let Some(at) = self.waiting.iter().position(|waiting| *waiting == id) {
            self.waiting.remove(at);
        }
        self.promote()
    }

    /// A new quota; a higher one promotes as many as now fit, a lower one promotes nobody
    /// and takes no place away.
    pub fn set_quota(&mut self, quota: usize) -> Vec<u64> {
        self.quota = quota;
        self.promote()
    }

    /// An operator's promotion by hand: the entry moves to the front of the waiting list
    /// and so takes the next place released (at once, if one is free). Returns the entries
    /// promoted now.
    pub fn promote_by_hand(&mut self, id: u64) -> Vec<u64> {
        if let Some(at) = self.waiting.iter().position(|waiting| *waiting == id) {
            self.waiting.remove(at);
            self.waiting.push_front(id);
        }
        self.promote()
    }

    fn promote(&mut self) -> Vec<u64> {
        let mut promoted = Vec::new();
        while self.has_free_place() {
            let Some(next) = self.waiting.pop_front() else { break };
            self.holding.push(next);
            promoted.push(next);
        }
        promoted
    }

    /// The entry's place on the waiting list, 1 being next; `None` if it is not waiting.
    pub fn position(&self, id: u64) -> Option<usize> {
        self.waiting.iter().position(|waiting| *waiting == id).map(|at| at + 1)
    }

    pub fn holds_place(&self, id: u64) -> bool {
        self.holding.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_go_first_come_and_the_rest_wait_in_order() {
        let mut ledger = Ledger::new(2);
        assert_eq!(ledger.submit(1), Admission::Place);
        assert_eq!(ledger.submit(2), Admission::Place);
        assert_eq!(ledger.submit(3), Admission::Waitlisted { position: 1 });
        assert_eq!(ledger.submit(4), Admission::Waitlisted { position: 2 });
        assert_eq!(ledger.release(1), [3]);
        assert_eq!(ledger.position(4), Some(1));
        assert!(ledger.holds_place(3));
    }

    #[test]
    fn a_lowered_quota_takes_no_place_and_stops_promotion_until_under_it() {
        let mut ledger = Ledger::new(3);
        for id in 1..=5 {
            ledger.submit(id);
        }
        assert_eq!(ledger.set_quota(1), Vec::<u64>::new());
        assert_eq!(ledger.held(), 3, "nobody loses a place");
        assert_eq!(ledger.release(1), Vec::<u64>::new());
        assert_eq!(ledger.release(2), Vec::<u64>::new());
        assert_eq!(ledger.release(3), [4], "promotion resumes under the quota");
        assert_eq!(ledger.set_quota(3), [5]);
    }

    #[test]
    fn promotion_by_hand_moves_to_the_front_and_takes_the_next_place_only() {
        let mut ledger = Ledger::new(1);
        for id in 1..=4 {
            ledger.submit(id);
        }
        assert_eq!(ledger.promote_by_hand(4), Vec::<u64>::new(), "no place is free");
        assert_eq!((ledger.position(4), ledger.position(2), ledger.position(3)), (Some(1), Some(2), Some(3)));
        assert_eq!(ledger.release(1), [4]);
        assert_eq!(ledger.position(2), Some(1));
    }

    #[test]
    fn two_releases_at_once_promote_two_in_order() {
        let mut ledger = Ledger::new(2);
        for id in 1..=5 {
            ledger.submit(id);
        }
        assert_eq!([ledger.release(1), ledger.release(2)].concat(), [3, 4]);
        assert_eq!(ledger.position(5), Some(1));
    }
}
