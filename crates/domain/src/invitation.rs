//! Elite invitations strictly by qualifying time. Among the elite entries of one country
//! and sex still under review, an invitation goes first to the widest margin under the
//! standard, the margin taken as a fraction of the race's standard (entries of several
//! races compete for one invitation); ties go to the earlier qualifying date, then to the
//! earlier submission. Inviting anyone else is refused, naming the entry ahead, until that
//! one is declined or withdraws. So that every competitor is known, invitations open only
//! once the elite entry window has closed.

use std::cmp::Ordering;

use time::{Date, OffsetDateTime};

use crate::{Distance, Policy, Sex};

/// An elite entry under review, as the ranking needs it; `id` is the caller's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EliteCandidate<Id> {
    pub id: Id,
    pub distance: Distance,
    pub sex: Sex,
    /// Seconds under the standard of `distance` for `sex`.
    pub margin_seconds: u32,
    pub qualifying_date: Option<Date>,
    pub received_at: OffsetDateTime,
}

/// Why an invitation cannot be given now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationRefused<Id> {
    /// The elite entry window is still open: invitations open the day after its last day.
    NotYet { opens_on: Date },
    /// This entry is ahead by the rule: it must be invited, declined or withdrawn first.
    FasterWaiting { ahead: Id },
}

/// The day invitations open: the day after the last day of elite applications.
pub fn invitations_open_on(policy: &Policy) -> Date {
    policy.last_day_to_apply(crate::Channel::EliteInvitation).next_day().expect("a date after the last day exists")
}

/// Whether `a` comes before `b` in the invitation order: the wider margin as a fraction of
/// each one's own standard, then the earlier qualifying date, then the earlier submission.
pub fn invitation_order<Id>(policy: &Policy, a: &EliteCandidate<Id>, b: &EliteCandidate<Id>) -> Ordering {
    let standard = |c: &EliteCandidate<Id>| {
        u64::from(policy.elite_standard(c.distance, c.sex).map_or(u32::MAX, |time| time.seconds()).max(1))
    };
    // a.margin / a.standard against b.margin / b.standard, in whole numbers.
    let (a_share, b_share) = (u64::from(a.margin_seconds) * standard(b), u64::from(b.margin_seconds) * standard(a));
    b_share
        .cmp(&a_share)
        .then_with(|| a.qualifying_date.cmp(&b.qualifying_date))
        .then_with(|| a.received_at.cmp(&b.received_at))
}

impl<Id> EliteCandidate<Id> {
    /// One whole number whose descending order is `invitation_order` up to the submission
    /// (equal ranks: the earlier submission first), for lists sorted by the database.
    pub fn rank(&self, policy: &Policy) -> i64 {
        elite_rank(policy, self.distance, self.sex, self.margin_seconds, self.qualifying_date)
    }
}

/// `EliteCandidate::rank` of an entry of `distance` and `sex`, `margin_seconds` under its
/// standard, qualified on `qualifying_date`. The margin's share of the standard is kept in
/// 10^12ths: two different shares of standards under a million seconds never round to the
/// same number.
pub fn elite_rank(
    policy: &Policy,
    distance: Distance,
    sex: Sex,
    margin_seconds: u32,
    qualifying_date: Option<Date>,
) -> i64 {
    const SHARE_SCALE: u64 = 1_000_000_000_000;
    const DATE_BITS: u32 = 21;
    let standard = u64::from(policy.elite_standard(distance, sex).map_or(u32::MAX, |t| t.seconds()).max(1));
    // A margin is under its standard, so the share is under SHARE_SCALE (40 bits); the cap
    // only keeps an impossible one from overflowing.
    let share = (u128::from(margin_seconds) * u128::from(SHARE_SCALE) / u128::from(standard)).min(1 << 41);
    // The earlier qualifying date ranks higher; none at all ranks as the earliest, as in
    // `invitation_order`.
    let day = qualifying_date.map_or(0, |date| {
        (date.to_julian_day() - time::macros::date!(1900 - 01 - 01).to_julian_day() + 1).clamp(1, (1 << DATE_BITS) - 1)
    });
    let later = ((1i64 << DATE_BITS) - 1) - i64::from(day);
    ((share as i64) << DATE_BITS) | later
}

/// Whether `candidate` may be invited at `now`, given the other entries of its country and
/// sex still under review (`competitors`; the candidate among them or not).
pub fn may_invite<'a, Id: PartialEq + Clone + 'a>(
    policy: &Policy,
    now: OffsetDateTime,
    candidate: &EliteCandidate<Id>,
    competitors: impl IntoIterator<Item = &'a EliteCandidate<Id>>,
) -> Result<(), InvitationRefused<Id>> {
    let opens_on = invitations_open_on(policy);
    if policy.local_date(now) < opens_on {
        return Err(InvitationRefused::NotYet { opens_on });
    }
    let ahead = competitors
        .into_iter()
        .filter(|other| other.id != candidate.id && other.sex == candidate.sex)
        .filter(|other| invitation_order(policy, other, candidate) == Ordering::Less)
        .min_by(|a, b| invitation_order(policy, a, b));
    match ahead {
        Some(ahead) => Err(InvitationRefused::FasterWaiting { ahead: ahead.id.clone() }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn candidate(id: u32, distance: Distance, margin_seconds: u32, qualified: Date) -> EliteCandidate<u32> {
        EliteCandidate {
            id,
            distance,
            sex: Sex::Male,
            margin_seconds,
            qualifying_date: Some(qualified),
            received_at: datetime!(2026-11-21 10:00 UTC) + time::Duration::minutes(i64::from(id)),
        }
    }

    const AFTER_THE_WINDOW: OffsetDateTime = datetime!(2027-01-11 09:00 +09:00);

    #[test]
    fn the_widest_margin_goes_first_and_anyone_else_is_refused_naming_it() {
        let policy = Policy::embedded_default();
        // Under the 2:11:45 standard: 2:11:00 is 45 s under, 2:06:00 is 345 s under.
        let slower = candidate(1, Distance::Full, 45, date!(2026 - 09 - 27));
        let faster = candidate(2, Distance::Full, 345, date!(2026 - 10 - 04));
        let both = [slower.clone(), faster.clone()];
        assert_eq!(may_invite(&policy, AFTER_THE_WINDOW, &faster, &both), Ok(()));
        assert_eq!(
            may_invite(&policy, AFTER_THE_WINDOW, &slower, &both),
            Err(InvitationRefused::FasterWaiting { ahead: 2 })
        );
        // Once the faster one is declined or withdrawn, it is no longer a competitor.
        assert_eq!(may_invite(&policy, AFTER_THE_WINDOW, &slower, std::slice::from_ref(&slower)), Ok(()));
    }

    #[test]
    fn margins_of_different_races_compare_as_fractions_of_their_standards() {
        let policy = Policy::embedded_default();
        // 60 s under the 13:45 5k standard (7.3 %) is wider than 300 s under the 2:11:45 marathon's (3.8 %).
        let five_k = candidate(1, Distance::FiveK, 60, date!(2026 - 10 - 01));
        let marathon = candidate(2, Distance::Full, 300, date!(2026 - 10 - 01));
        assert_eq!(invitation_order(&policy, &five_k, &marathon), Ordering::Less);
    }

    #[test]
    fn ties_go_to_the_earlier_qualifying_date_then_the_earlier_submission() {
        let policy = Policy::embedded_default();
        let later_race = candidate(1, Distance::Full, 100, date!(2026 - 10 - 04));
        let earlier_race = candidate(2, Distance::Full, 100, date!(2026 - 09 - 27));
        assert_eq!(invitation_order(&policy, &earlier_race, &later_race), Ordering::Less);
        let first_in = candidate(3, Distance::Full, 100, date!(2026 - 09 - 27));
        assert_eq!(invitation_order(&policy, &first_in, &earlier_race), Ordering::Greater, "submitted later");
    }

    #[test]
    fn invitations_open_the_day_after_elite_applications_close() {
        let policy = Policy::embedded_default();
        let only = candidate(1, Distance::Full, 100, date!(2026 - 10 - 01));
        assert_eq!(invitations_open_on(&policy), date!(2027 - 01 - 11));
        assert_eq!(
            may_invite(&policy, datetime!(2027-01-10 23:59 +09:00), &only, &[]),
            Err(InvitationRefused::NotYet { opens_on: date!(2027 - 01 - 11) })
        );
        assert_eq!(may_invite(&policy, datetime!(2027-01-11 00:00 +09:00), &only, &[]), Ok(()));
    }
}
