-- Pacticipant labels (broker-dropin, issue 13): free-text labels on a pacticipant, used by
-- `GET /pacticipants/label/{label}` and by webhooks scoped with `{"label": …}`.
CREATE TABLE pacticipant_labels (
    pacticipant_id BIGINT NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (pacticipant_id, name)
);
CREATE INDEX pacticipant_labels_name ON pacticipant_labels (name, pacticipant_id);
