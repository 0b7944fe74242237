-- The Ministry's list runs in the order invitations must go: the margin as a share of the
-- race's standard, then the earlier qualifying date. Rust writes the rank at submission
-- (the domain's EliteCandidate::rank: standards are in the policy, not the database), and
-- `pim serve` fills it for elite entries stored before it existed.
ALTER TABLE registrations ADD COLUMN elite_rank BIGINT;
CREATE INDEX registrations_without_elite_rank ON registrations (id)
  WHERE elite_margin_seconds IS NOT NULL AND elite_rank IS NULL;
