-- A runner who lost the status link asks for it by email address: found through this
-- index, not by reading every entry.
CREATE INDEX registrations_by_email ON registrations (edition, lower(email));
