-- Pact Broker schema (SQLite). Integers are 64-bit; flags are 0/1 integers; timestamps are
-- RFC 3339 UTC text with a fixed width so that text order is time order.
CREATE TABLE pacticipants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT,
    main_branch TEXT,
    repository_url TEXT,
    repository_name TEXT,
    repository_namespace TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    build_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (pacticipant_id, number)
);
CREATE INDEX versions_pacticipant_id_id ON versions (pacticipant_id, id);

CREATE TABLE branches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (pacticipant_id, name)
);

CREATE TABLE branch_versions (
    branch_id INTEGER NOT NULL REFERENCES branches(id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    pacticipant_id INTEGER NOT NULL,
    branch_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (branch_id, version_id)
);
CREATE INDEX branch_versions_version_id ON branch_versions (version_id);
CREATE INDEX branch_versions_pacticipant_branch ON branch_versions (pacticipant_id, branch_name, version_id);

CREATE TABLE tags (
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    pacticipant_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (version_id, name)
);
CREATE INDEX tags_pacticipant_name_version ON tags (pacticipant_id, name, version_id);

CREATE TABLE environments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT,
    production INTEGER NOT NULL,
    contacts TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE deployed_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    pacticipant_id INTEGER NOT NULL,
    environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    application_instance TEXT NOT NULL DEFAULT '',
    currently_deployed INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    undeployed_at TEXT
);
CREATE INDEX deployed_versions_current ON deployed_versions (environment_id, pacticipant_id, currently_deployed);
CREATE INDEX deployed_versions_version ON deployed_versions (version_id);

CREATE TABLE released_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    pacticipant_id INTEGER NOT NULL,
    environment_id INTEGER NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    currently_supported INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    support_ended_at TEXT,
    UNIQUE (version_id, environment_id)
);
CREATE INDEX released_versions_current ON released_versions (environment_id, pacticipant_id, currently_supported);

CREATE TABLE pact_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    sha TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (consumer_id, provider_id, sha)
);

-- One row per (consumer version, provider): the current publication. Overwriting (when allowed)
-- points it at another pact version and bumps the revision.
CREATE TABLE pact_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer_version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    consumer_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    pact_version_id INTEGER NOT NULL REFERENCES pact_versions(id),
    revision_number INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (consumer_version_id, provider_id)
);
CREATE INDEX pact_publications_provider_consumer ON pact_publications (provider_id, consumer_id, consumer_version_id);
CREATE INDEX pact_publications_pact_version ON pact_publications (pact_version_id);

CREATE TABLE verifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pact_version_id INTEGER NOT NULL REFERENCES pact_versions(id) ON DELETE CASCADE,
    consumer_id INTEGER NOT NULL,
    provider_id INTEGER NOT NULL,
    provider_version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    success INTEGER NOT NULL,
    build_url TEXT,
    test_results TEXT,
    verified_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX verifications_pact_version_provider_version ON verifications (pact_version_id, provider_version_id, success);
CREATE INDEX verifications_provider_version ON verifications (provider_version_id);

-- The newest result per (pact version, provider version), kept up to date on write so the matrix
-- and pending queries never scan the whole verification history.
CREATE TABLE latest_verifications (
    pact_version_id INTEGER NOT NULL,
    provider_version_id INTEGER NOT NULL,
    verification_id INTEGER NOT NULL REFERENCES verifications(id) ON DELETE CASCADE,
    success INTEGER NOT NULL,
    PRIMARY KEY (pact_version_id, provider_version_id)
);
CREATE INDEX latest_verifications_provider_version ON latest_verifications (provider_version_id, pact_version_id);
