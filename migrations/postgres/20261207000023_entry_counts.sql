-- The operators' counts, kept as entries change rather than counted when asked: how many
-- entries there are of each edition, channel, status, race and nationality, erased or not. The
-- counts above every list and the dashboard's sum a few hundred rows of this table
-- instead of reading an index entry per registration (a quarter to half a second each at
-- a million entries). A trigger keeps it in the same transaction as the change itself;
-- the changes that move entries between counts (registrations, reviews, promotions,
-- withdrawals) already take their channel's place lock, so its rows are not fought over.
CREATE TABLE entry_counts (
    edition TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    distance TEXT NOT NULL,
    nationality TEXT NOT NULL,
    erased BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (edition, channel, status, distance, nationality, erased)
);

INSERT INTO entry_counts (edition, channel, status, distance, nationality, erased, entries)
SELECT edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int, COUNT(*)
FROM registrations
GROUP BY edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int;

CREATE FUNCTION entry_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE entry_counts SET entries = entries - 1
        WHERE edition = OLD.edition AND channel = OLD.channel AND status = OLD.status AND distance = OLD.distance
          AND nationality = OLD.nationality AND erased = (OLD.erased_at IS NOT NULL)::int;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO entry_counts (edition, channel, status, distance, nationality, erased, entries)
        VALUES (NEW.edition, NEW.channel, NEW.status, NEW.distance, NEW.nationality, (NEW.erased_at IS NOT NULL)::int, 1)
        ON CONFLICT (edition, channel, status, distance, nationality, erased)
        DO UPDATE SET entries = entry_counts.entries + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_counts_insert_or_delete AFTER INSERT OR DELETE ON registrations
FOR EACH ROW EXECUTE FUNCTION entry_counts_follow();

CREATE TRIGGER entry_counts_update AFTER UPDATE OF edition, channel, status, distance, nationality, erased_at ON registrations
FOR EACH ROW
WHEN (OLD.edition IS DISTINCT FROM NEW.edition OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.status IS DISTINCT FROM NEW.status
      OR OLD.distance IS DISTINCT FROM NEW.distance OR OLD.nationality IS DISTINCT FROM NEW.nationality
      OR (OLD.erased_at IS NULL) IS DISTINCT FROM (NEW.erased_at IS NULL))
EXECUTE FUNCTION entry_counts_follow();
