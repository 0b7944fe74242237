-- A review action carries two notes: `note`, what the runner is told (emailed and shown on
-- the status page), and `internal_note`, for operators only.
ALTER TABLE audit_log ADD COLUMN internal_note TEXT;
