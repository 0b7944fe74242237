-- The documents runners upload for the visa or the invitation, and the files sent with
-- answers to requests for information. The bytes live here, so several instances need no
-- shared disk; photos are stored without their metadata. `content_type` is the type the
-- bytes show, never the one the browser declared.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id),
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    -- received, accepted, or refused (asked for again, with the reason).
    status TEXT NOT NULL,
    reason TEXT,
    reviewed_by TEXT,
    reviewed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_of_registration ON documents (registration_id, id);
