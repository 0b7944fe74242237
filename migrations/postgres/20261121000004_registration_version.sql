-- Each change to a registration increments its version, so two operators acting at once
-- cannot both change it: the second is told the entry changed.
ALTER TABLE registrations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX registrations_by_channel_id ON registrations (channel, id);
