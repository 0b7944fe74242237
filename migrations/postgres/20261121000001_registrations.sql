-- Registrations and their audit trail. The same schema as sqlite/, in PostgreSQL's types.
CREATE TABLE registrations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- SHA-256 of the secret in the runner's status link; the link itself is never stored.
    status_token_hash TEXT NOT NULL UNIQUE,
    edition TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    rule TEXT NOT NULL,
    explanation TEXT NOT NULL,
    elite_margin_seconds BIGINT,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    sex TEXT NOT NULL,
    nationality TEXT NOT NULL,
    passport_number TEXT NOT NULL,
    passport_expiry DATE NOT NULL,
    distance TEXT NOT NULL,
    category TEXT NOT NULL,
    qualifying_time_seconds BIGINT,
    qualifying_date DATE,
    qualifying_race TEXT,
    qualifying_evidence_url TEXT,
    emergency_contact_name TEXT NOT NULL,
    emergency_contact_phone TEXT NOT NULL,
    consented_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- One passport holds at most one active entry per edition.
CREATE UNIQUE INDEX registrations_one_active_entry_per_passport
    ON registrations (edition, nationality, passport_number)
    WHERE status NOT IN ('withdrawn', 'declined');

CREATE INDEX registrations_by_channel ON registrations (channel, created_at);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX audit_log_by_registration ON audit_log (registration_id, id);
