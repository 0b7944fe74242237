-- The operators' counts read narrow indexes rather than the table, whose rows are wide:
-- by channel and status (the dashboard, and the counts above every list, which leave out
-- erased entries), by race and by nationality (the dashboard).
CREATE INDEX registrations_by_channel_status ON registrations (channel, status, erased_at);
CREATE INDEX registrations_by_distance ON registrations (distance);
CREATE INDEX registrations_by_nationality ON registrations (nationality);
