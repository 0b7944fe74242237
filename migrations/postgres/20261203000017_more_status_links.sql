-- Links to a status page besides the runner's own (registrations.status_token_hash): the
-- one in an email that asks the runner to act there (answer a question, upload a document
-- again), since the outbox forgets each link once the email is sent. They open the page
-- as the runner's own does; a new link asked for by the runner or resent by an operator
-- replaces them all.
CREATE TABLE status_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX status_links_of_registration ON status_links (registration_id);
