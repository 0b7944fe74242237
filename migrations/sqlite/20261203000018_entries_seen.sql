-- Where each operator last left each entry: the last line of its history they saw, so
-- the entry page can say what the runner changed since.
CREATE TABLE entries_seen (
    operator_email TEXT NOT NULL,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    last_audit_id INTEGER NOT NULL,
    PRIMARY KEY (operator_email, registration_id)
);
