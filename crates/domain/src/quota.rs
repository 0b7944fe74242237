//! Places and the waiting list of one channel: the engine the store runs.
//!
//! An entry takes a place if its race has one free (under the channel's total and the
//! race's own limit, if the policy sets one) and nobody waiting could take it, otherwise
//! it joins the end of the waiting list. A released place (decline, withdrawal) goes to
//! the first entry waiting whose race has room, as does each place a raised quota adds. A
//! lowered quota takes no place from anyone: it only stops promotions until releases bring
//! the places held under it. An operator may move a waiting entry to the front of the
//! list by hand: it takes the next place, and never one that does not exist.
//!
//! [`Places`] answers from counts the store loads ("does this entry take a place or
//! wait", "who is promoted next"); [`Ledger`] keeps whole lists on top of it, for the
//! property tests of any interleaving.

use std::collections::{BTreeMap, VecDeque};

use crate::{Distance, Quota};

/// Counts by race, however many times a race is given.
fn by_race(counts: impl IntoIterator<Item = (Distance, u64)>) -> BTreeMap<Distance, u64> {
    let mut by_race = BTreeMap::new();
    for (distance, n) in counts {
        *by_race.entry(distance).or_default() += n;
    }
    by_race
}

/// A channel's places as counts: held and waiting, by race, under its quota in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    quota: Quota,
    held: BTreeMap<Distance, u64>,
    waiting: BTreeMap<Distance, u64>,
}

impl Places {
    pub fn new(
        quota: Quota,
        held: impl IntoIterator<Item = (Distance, u64)>,
        waiting: impl IntoIterator<Item = (Distance, u64)>,
    ) -> Places {
        Places { quota, held: by_race(held), waiting: by_race(waiting) }
    }

    pub fn quota(&self) -> &Quota {
        &self.quota
    }

    pub fn held_total(&self) -> u64 {
        self.held.values().sum()
    }

    pub fn held_in(&self, distance: Distance) -> u64 {
        self.held.get(&distance).copied().unwrap_or(0)
    }

    pub fn waiting_total(&self) -> u64 {
        self.waiting.values().sum()
    }

    pub fn waiting_in(&self, distance: Distance) -> u64 {
        self.waiting.get(&distance).copied().unwrap_or(0)
    }

    /// Whether a place is free for `distance`: under the total and its race's limit.
    pub fn has_room_for(&self, distance: Distance) -> bool {
        self.held_total() < u64::from(self.quota.total)
            && self.quota.for_distance(distance).is_none_or(|limit| self.held_in(distance) < u64::from(limit))
    }

    /// Whether a new entry for `distance` takes a place: one is free for its race, and
    /// nobody waiting could take one (they came first).
    pub fn admits(&self, distance: Distance) -> bool {
        self.has_room_for(distance) && !self.waiting.iter().any(|(race, n)| *n > 0 && self.has_room_for(*race))
    }

    /// Counts an entry that took a place.
    pub fn take(&mut self, distance: Distance) {
        *self.held.entry(distance).or_default() += 1;
    }

    /// Counts an entry that joined the waiting list.
    pub fn wait(&mut self, distance: Distance) {
        *self.waiting.entry(distance).or_default() += 1;
    }

    /// Counts an entry that left: it held a place (`holding`) or waited.
    pub fn leave(&mut self, distance: Distance, holding: bool) {
        let counts = if holding { &mut self.held } else { &mut self.waiting };
        if let Some(n) = counts.get_mut(&distance) {
            *n = n.saturating_sub(1);
        }
    }

    /// A new quota in force.
    pub fn set_quota(&mut self, quota: Quota) {
        self.quota = quota;
    }

    /// Who of those waiting, given next in line first, takes the free places now: in
    /// order, skipping those whose race is full; the counts move with them.
    pub fn promote<Id>(&mut self, waiting_in_line: impl IntoIterator<Item = (Id, Distance)>) -> Vec<Id> {
        let mut promoted = Vec::new();
        for (id, distance) in waiting_in_line {
            if self.held_total() >= u64::from(self.quota.total) {
                break;
            }
            if !self.has_room_for(distance) {
                continue;
            }
            self.leave(distance, false);
            self.take(distance);
            promoted.push(id);
        }
        promoted
    }
}

/// What an entry got when it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Place,
    /// On the waiting list at this position, 1 being next.
    Waitlisted {
        position: usize,
    },
}

/// One channel's places and queue as whole lists, every decision taken by [`Places`].
/// Entries are identified by the caller's ids; each runs one race.
#[derive(Debug, Clone)]
pub struct Ledger {
    places: Places,
    holding: Vec<(u64, Distance)>,
    waiting: VecDeque<(u64, Distance)>,
}

impl Ledger {
    /// A channel of `quota` places in all, no race limited.
    pub fn new(quota: usize) -> Ledger {
        Ledger::with_quota(Quota::new(u32::try_from(quota).unwrap_or(u32::MAX)))
    }

    pub fn with_quota(quota: Quota) -> Ledger {
        Ledger { places: Places::new(quota, [], []), holding: Vec::new(), waiting: VecDeque::new() }
    }

    pub fn quota(&self) -> usize {
        self.places.quota().total as usize
    }

    pub fn held(&self) -> usize {
        self.holding.len()
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// A new entry for the full marathon.
    pub fn submit(&mut self, id: u64) -> Admission {
        self.submit_for(id, Distance::Full)
    }

    /// A new entry for `distance`: a place if the engine admits it, else the end of the
    /// waiting list.
    pub fn submit_for(&mut self, id: u64, distance: Distance) -> Admission {
        if self.places.admits(distance) {
            self.places.take(distance);
            self.holding.push((id, distance));
            Admission::Place
        } else {
            self.places.wait(distance);
            self.waiting.push_back((id, distance));
            Admission::Waitlisted { position: self.waiting.len() }
        }
    }

    /// The entry leaves (declined or withdrawn): its place, if it held one, goes to those
    /// waiting. Returns the entries promoted, in order.
    pub fn release(&mut self, id: u64) -> Vec<u64> {
        if let Some(at) = self.holding.iter().position(|(held, _)| *held == id) {
            let (_, distance) = self.holding.remove(at);
            self.places.leave(distance, true);
        } else if let Some(at) = self.waiting.iter().position(|(waiting, _)| *waiting == id) {
            let (_, distance) = self.waiting.remove(at).expect("found");
            self.places.leave(distance, false);
        }
        self.promote()
    }

    /// A new total; a higher one promotes as many as now fit, a lower one promotes nobody
    /// and takes no place away.
    pub fn set_quota(&mut self, quota: usize) -> Vec<u64> {
        let total = u32::try_from(quota).unwrap_or(u32::MAX);
        let mut changed = self.places.quota().clone();
        changed.total = total;
        self.places.set_quota(changed);
        self.promote()
    }

    /// An operator's promotion by hand: the entry moves to the front of the waiting list
    /// and so takes the next place released (at once, if one is free). Returns the entries
    /// promoted now.
    pub fn promote_by_hand(&mut self, id: u64) -> Vec<u64> {
        if let Some(at) = self.waiting.iter().position(|(waiting, _)| *waiting == id) {
            let entry = self.waiting.remove(at).expect("found");
            self.waiting.push_front(entry);
        }
        self.promote()
    }

    fn promote(&mut self) -> Vec<u64> {
        let promoted = self.places.promote(self.waiting.iter().copied());
        for id in &promoted {
            let at = self.waiting.iter().position(|(waiting, _)| waiting == id).expect("promoted from the list");
            let entry = self.waiting.remove(at).expect("found");
            self.holding.push(entry);
        }
        promoted
    }

    /// The entry's place on the waiting list, 1 being next; `None` if it is not waiting.
    pub fn position(&self, id: u64) -> Option<usize> {
        self.waiting.iter().position(|(waiting, _)| *waiting == id).map(|at| at + 1)
    }

    pub fn holds_place(&self, id: u64) -> bool {
        self.holding.iter().any(|(held, _)| *held == id)
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
