-- One passport number holds at most one active entry per edition, whatever nationality
-- it was entered under: the same number typed with two nationalities took two channels'
-- places. Numbers are stored normalised (upper case, no spaces or hyphens).
DROP INDEX registrations_one_active_entry_per_passport;
CREATE UNIQUE INDEX registrations_one_active_entry_per_passport
    ON registrations (edition, passport_number)
    WHERE status NOT IN ('withdrawn', 'declined');
