-- Web UI: the newest verification of a pact version (index and focus pages) and the current
-- deployments/releases of an environment or of a pacticipant (environments and focus pages).
CREATE INDEX ui_verifications_pact_version_id ON verifications (pact_version_id, id);
CREATE INDEX ui_deployed_versions_current ON deployed_versions (currently_deployed, environment_id);
CREATE INDEX ui_deployed_versions_pacticipant ON deployed_versions (pacticipant_id, currently_deployed);
CREATE INDEX ui_released_versions_current ON released_versions (currently_supported, environment_id);
CREATE INDEX ui_released_versions_pacticipant ON released_versions (pacticipant_id, currently_supported);
