-- Read paths whose cost does not grow with history (issue 14).
--
-- `tag_heads`: the newest consumer version with each tag that has a pact for each provider, the
-- tag counterpart of `branch_heads` (migration 0300). WIP pacts (`includeWipPactsSince`), tag
-- selectors with `latest` and `/latest/{tag}` read it instead of grouping every tagged
-- publication of the provider. `integration_heads`: the newest consumer version with a pact per
-- (consumer, provider), read by the UI index, `/pacts/latest` and the `latest` selectors instead
-- of grouping every publication. Both are kept up to date by triggers, in the transaction of the
-- write that moves a head: publishing a pact, tagging a version, and deleting publications, tags,
-- versions or pacticipants (including by cascade).
CREATE TABLE tag_heads (
    provider_id INTEGER NOT NULL,
    tag_name TEXT NOT NULL,
    consumer_id INTEGER NOT NULL,
    version_id INTEGER NOT NULL,
    PRIMARY KEY (provider_id, tag_name, consumer_id)
);
CREATE INDEX tag_heads_consumer_tag ON tag_heads (consumer_id, tag_name);

INSERT INTO tag_heads (provider_id, tag_name, consumer_id, version_id)
SELECT pp.provider_id, t.name, pp.consumer_id, MAX(t.version_id)
FROM tags t JOIN pact_publications pp ON pp.consumer_version_id = t.version_id
GROUP BY pp.provider_id, t.name, pp.consumer_id;

CREATE TRIGGER tag_heads_after_publication AFTER INSERT ON pact_publications
BEGIN
    INSERT INTO tag_heads (provider_id, tag_name, consumer_id, version_id)
    SELECT NEW.provider_id, t.name, NEW.consumer_id, t.version_id
    FROM tags t WHERE t.version_id = NEW.consumer_version_id
    ON CONFLICT (provider_id, tag_name, consumer_id) DO UPDATE SET version_id = MAX(version_id, excluded.version_id);
END;

CREATE TRIGGER tag_heads_after_tag AFTER INSERT ON tags
BEGIN
    INSERT INTO tag_heads (provider_id, tag_name, consumer_id, version_id)
    SELECT pp.provider_id, NEW.name, pp.consumer_id, NEW.version_id
    FROM pact_publications pp WHERE pp.consumer_version_id = NEW.version_id
    ON CONFLICT (provider_id, tag_name, consumer_id) DO UPDATE SET version_id = MAX(version_id, excluded.version_id);
END;

CREATE TRIGGER tag_heads_after_publication_delete AFTER DELETE ON pact_publications
BEGIN
    DELETE FROM tag_heads
    WHERE provider_id = OLD.provider_id AND consumer_id = OLD.consumer_id AND version_id = OLD.consumer_version_id
      AND NOT EXISTS (SELECT 1 FROM tags t JOIN pact_publications pp
                      ON pp.consumer_version_id = t.version_id AND pp.provider_id = OLD.provider_id
                      WHERE t.pacticipant_id = OLD.consumer_id AND t.name = tag_heads.tag_name);
    UPDATE tag_heads SET version_id =
        (SELECT MAX(t.version_id) FROM tags t JOIN pact_publications pp
         ON pp.consumer_version_id = t.version_id AND pp.provider_id = OLD.provider_id
         WHERE t.pacticipant_id = OLD.consumer_id AND t.name = tag_heads.tag_name)
    WHERE provider_id = OLD.provider_id AND consumer_id = OLD.consumer_id AND version_id = OLD.consumer_version_id;
END;

CREATE TRIGGER tag_heads_after_tag_delete AFTER DELETE ON tags
BEGIN
    DELETE FROM tag_heads
    WHERE consumer_id = OLD.pacticipant_id AND tag_name = OLD.name AND version_id = OLD.version_id
      AND NOT EXISTS (SELECT 1 FROM tags t JOIN pact_publications pp
                      ON pp.consumer_version_id = t.version_id AND pp.provider_id = tag_heads.provider_id
                      WHERE t.pacticipant_id = OLD.pacticipant_id AND t.name = OLD.name);
    UPDATE tag_heads SET version_id =
        (SELECT MAX(t.version_id) FROM tags t JOIN pact_publications pp
         ON pp.consumer_version_id = t.version_id AND pp.provider_id = tag_heads.provider_id
         WHERE t.pacticipant_id = OLD.pacticipant_id AND t.name = OLD.name)
    WHERE consumer_id = OLD.pacticipant_id AND tag_name = OLD.name AND version_id = OLD.version_id;
END;

CREATE TABLE integration_heads (
    consumer_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL,
    version_id INTEGER NOT NULL,
    PRIMARY KEY (consumer_id, provider_id)
);
CREATE INDEX integration_heads_provider ON integration_heads (provider_id, consumer_id);

INSERT INTO integration_heads (consumer_id, provider_id, version_id)
SELECT consumer_id, provider_id, MAX(consumer_version_id) FROM pact_publications GROUP BY consumer_id, provider_id;

CREATE TRIGGER integration_heads_after_publication AFTER INSERT ON pact_publications
BEGIN
    INSERT INTO integration_heads (consumer_id, provider_id, version_id)
    VALUES (NEW.consumer_id, NEW.provider_id, NEW.consumer_version_id)
    ON CONFLICT (consumer_id, provider_id) DO UPDATE SET version_id = MAX(version_id, excluded.version_id);
END;

CREATE TRIGGER integration_heads_after_publication_delete AFTER DELETE ON pact_publications
BEGIN
    DELETE FROM integration_heads
    WHERE consumer_id = OLD.consumer_id AND provider_id = OLD.provider_id
      AND NOT EXISTS (SELECT 1 FROM pact_publications pp
                      WHERE pp.provider_id = OLD.provider_id AND pp.consumer_id = OLD.consumer_id);
    UPDATE integration_heads SET version_id =
        (SELECT MAX(pp.consumer_version_id) FROM pact_publications pp
         WHERE pp.provider_id = OLD.provider_id AND pp.consumer_id = OLD.consumer_id)
    WHERE consumer_id = OLD.consumer_id AND provider_id = OLD.provider_id AND version_id = OLD.consumer_version_id;
END;

-- Indexes the API's reads need so that none scans a history table (EXPLAIN-checked by
-- tests/broker_query_plans.rs): the triggered webhooks of a webhook, newest first.
CREATE INDEX triggered_webhooks_webhook_uuid ON triggered_webhooks (webhook_uuid, id);
