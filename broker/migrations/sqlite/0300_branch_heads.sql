-- The newest consumer version on each branch that has a pact for each provider, kept up to date by
-- triggers on every write that can move it (publishing a pact, adding a version to a branch, and
-- deleting publications, branch versions, versions or branches, including by cascade). The branch
-- selectors and WIP pacts of for-verification read it instead of walking each branch backwards.
CREATE TABLE branch_heads (
    provider_id INTEGER NOT NULL,
    branch_id INTEGER NOT NULL REFERENCES branches(id) ON DELETE CASCADE,
    consumer_id INTEGER NOT NULL,
    branch_name TEXT NOT NULL,
    version_id INTEGER NOT NULL,
    PRIMARY KEY (provider_id, branch_id)
);
CREATE INDEX branch_heads_provider_branch_name ON branch_heads (provider_id, branch_name);
CREATE INDEX branch_heads_branch ON branch_heads (branch_id);

INSERT INTO branch_heads (provider_id, branch_id, consumer_id, branch_name, version_id)
SELECT pp.provider_id, bv.branch_id, bv.pacticipant_id, bv.branch_name, MAX(bv.version_id)
FROM branch_versions bv JOIN pact_publications pp ON pp.consumer_version_id = bv.version_id
GROUP BY pp.provider_id, bv.branch_id, bv.pacticipant_id, bv.branch_name;

CREATE TRIGGER branch_heads_after_publication AFTER INSERT ON pact_publications
BEGIN
    INSERT INTO branch_heads (provider_id, branch_id, consumer_id, branch_name, version_id)
    SELECT NEW.provider_id, bv.branch_id, bv.pacticipant_id, bv.branch_name, bv.version_id
    FROM branch_versions bv WHERE bv.version_id = NEW.consumer_version_id
    ON CONFLICT (provider_id, branch_id) DO UPDATE SET version_id = MAX(version_id, excluded.version_id);
END;

CREATE TRIGGER branch_heads_after_branch_version AFTER INSERT ON branch_versions
BEGIN
    INSERT INTO branch_heads (provider_id, branch_id, consumer_id, branch_name, version_id)
    SELECT pp.provider_id, NEW.branch_id, NEW.pacticipant_id, NEW.branch_name, NEW.version_id
    FROM pact_publications pp WHERE pp.consumer_version_id = NEW.version_id
    ON CONFLICT (provider_id, branch_id) DO UPDATE SET version_id = MAX(version_id, excluded.version_id);
END;

CREATE TRIGGER branch_heads_after_publication_delete AFTER DELETE ON pact_publications
BEGIN
    DELETE FROM branch_heads
    WHERE provider_id = OLD.provider_id AND version_id = OLD.consumer_version_id
      AND NOT EXISTS (SELECT 1 FROM branch_versions bv JOIN pact_publications pp
                      ON pp.consumer_version_id = bv.version_id AND pp.provider_id = OLD.provider_id
                      WHERE bv.branch_id = branch_heads.branch_id);
    UPDATE branch_heads SET version_id =
        (SELECT MAX(bv.version_id) FROM branch_versions bv JOIN pact_publications pp
         ON pp.consumer_version_id = bv.version_id AND pp.provider_id = OLD.provider_id
         WHERE bv.branch_id = branch_heads.branch_id)
    WHERE provider_id = OLD.provider_id AND version_id = OLD.consumer_version_id;
END;

CREATE TRIGGER branch_heads_after_branch_version_delete AFTER DELETE ON branch_versions
BEGIN
    DELETE FROM branch_heads
    WHERE branch_id = OLD.branch_id AND version_id = OLD.version_id
      AND NOT EXISTS (SELECT 1 FROM branch_versions bv JOIN pact_publications pp
                      ON pp.consumer_version_id = bv.version_id AND pp.provider_id = branch_heads.provider_id
                      WHERE bv.branch_id = OLD.branch_id);
    UPDATE branch_heads SET version_id =
        (SELECT MAX(bv.version_id) FROM branch_versions bv JOIN pact_publications pp
         ON pp.consumer_version_id = bv.version_id AND pp.provider_id = branch_heads.provider_id
         WHERE bv.branch_id = OLD.branch_id)
    WHERE branch_id = OLD.branch_id AND version_id = OLD.version_id;
END;
