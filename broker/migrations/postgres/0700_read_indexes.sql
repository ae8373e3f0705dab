-- The newest verification result of a pact content (`MAX(id)` / `ORDER BY id DESC LIMIT 1` by
-- pact_version_id: the UI's integrations index, badges, the integrations list) is one index probe
-- instead of a walk over every result of that content.
CREATE INDEX IF NOT EXISTS verifications_pact_version_id_id ON verifications (pact_version_id, id);

-- The versions currently deployed or released anywhere (the `deployedOrReleased` selector of
-- pacts for verification) read from the index alone.
CREATE INDEX IF NOT EXISTS deployed_versions_current_version ON deployed_versions (currently_deployed, version_id);
CREATE INDEX IF NOT EXISTS released_versions_current_version ON released_versions (currently_supported, version_id);
