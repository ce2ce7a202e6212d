-- The outbox relay's published position (services/api/relay).
--
-- One row per relay name: the last notification id of the event store that Kafka acknowledged.
-- Written only after the producer flushed the whole batch, so after a crash the relay resumes
-- from here and at worst republishes (consumers dedupe by event id / position).
-- Idempotent: the relay runs this file itself when SPOTTER_RELAY_CREATE_TABLE is true.

CREATE TABLE IF NOT EXISTS relay_positions (
    relay_name text PRIMARY KEY,
    last_notification_id bigint NOT NULL CHECK (last_notification_id >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app')
       AND current_user <> 'spotter_app' THEN
        GRANT SELECT, INSERT, UPDATE ON relay_positions TO spotter_app;
    END IF;
END
$grant$;
