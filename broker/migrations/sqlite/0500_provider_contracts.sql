-- Bi-directional contracts: a provider version's own contract (an OpenAPI document) with the
-- result of the provider's own test of it. One contract per provider version (republishing
-- replaces it).
CREATE TABLE provider_contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    provider_version_id INTEGER NOT NULL UNIQUE REFERENCES versions(id) ON DELETE CASCADE,
    specification TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content TEXT NOT NULL,
    sha TEXT NOT NULL,
    self_verified INTEGER NOT NULL,
    self_verification_content TEXT,
    self_verification_content_type TEXT,
    self_verifier TEXT,
    self_verifier_version TEXT,
    build_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX provider_contracts_provider ON provider_contracts (provider_id, provider_version_id);

-- How a verification result came about: 'pact' (the provider replayed the pact) or
-- 'bidirectional' (the broker checked the pact against the provider's contract).
ALTER TABLE verifications ADD COLUMN verification_type TEXT NOT NULL DEFAULT 'pact';
