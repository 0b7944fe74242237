-- The language the runner registered in (a BCP 47 tag of PIM's: en, ko, zh-Hans, zh-Hant,
-- ru): every later email to the runner is written in it, and operators see it. Entries
-- from before languages existed were made in English.
ALTER TABLE registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
