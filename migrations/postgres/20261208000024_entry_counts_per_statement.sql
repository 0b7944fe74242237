-- The kept counts (migration 23) followed once per statement instead of once per row. A
-- batch of registrations inserts up to 64 entries a statement, most of one count row
-- (one channel, status, race and nationality); a row trigger upserted that row once per
-- entry, and each upsert within one transaction leaves another version of the row that
-- the next has to walk past. A statement trigger reads the statement's rows (its
-- transition table) and changes each count row once, by how many entries moved.
DROP TRIGGER entry_counts_insert_or_delete ON registrations;
DROP TRIGGER entry_counts_update ON registrations;
DROP FUNCTION entry_counts_follow();

CREATE FUNCTION entry_counts_add_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_counts AS counts (edition, channel, status, distance, nationality, erased, entries)
    SELECT edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int, COUNT(*)
    FROM inserted
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (edition, channel, status, distance, nationality, erased)
    DO UPDATE SET entries = counts.entries + EXCLUDED.entries;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_counts_insert AFTER INSERT ON registrations
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION entry_counts_add_inserted();

CREATE FUNCTION entry_counts_remove_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entry_counts AS counts SET entries = counts.entries - gone.entries
    FROM (
        SELECT edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int AS erased,
               COUNT(*) AS entries
        FROM deleted
        GROUP BY 1, 2, 3, 4, 5, 6
    ) AS gone
    WHERE counts.edition = gone.edition AND counts.channel = gone.channel AND counts.status = gone.status
      AND counts.distance = gone.distance AND counts.nationality = gone.nationality AND counts.erased = gone.erased;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_counts_delete AFTER DELETE ON registrations
REFERENCING OLD TABLE AS deleted
FOR EACH STATEMENT EXECUTE FUNCTION entry_counts_remove_deleted();

-- Every update statement, since a trigger with transition tables cannot name columns: the
-- rows before less the rows after, by count row, and only the counts that changed.
CREATE FUNCTION entry_counts_move_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_counts AS counts (edition, channel, status, distance, nationality, erased, entries)
    SELECT edition, channel, status, distance, nationality, erased, SUM(change)
    FROM (
        SELECT edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int AS erased, -1 AS change
        FROM before_update
        UNION ALL
        SELECT edition, channel, status, distance, nationality, (erased_at IS NOT NULL)::int AS erased, 1 AS change
        FROM after_update
    ) AS changes
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING SUM(change) <> 0
    ON CONFLICT (edition, channel, status, distance, nationality, erased)
    DO UPDATE SET entries = counts.entries + EXCLUDED.entries;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_counts_update AFTER UPDATE ON registrations
REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
FOR EACH STATEMENT EXECUTE FUNCTION entry_counts_move_updated();
