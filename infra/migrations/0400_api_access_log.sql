-- The API's access log of health-data reads (services/api/access_log.py).
--
-- Every read of injuries, pain flags or session logs through the API writes one row here; admins
-- query it at GET /v1/audit/access-log. Append-only for the app role: no UPDATE or DELETE grant.
-- Idempotent, so the API may run it itself when SPOTTER_API_CREATE_TABLES is true.

CREATE TABLE IF NOT EXISTS api_access_log (
    id bigserial PRIMARY KEY,
    accessed_at timestamptz NOT NULL DEFAULT now(),
    organization_id uuid NOT NULL,
    key_id uuid NOT NULL,
    role text NOT NULL,
    actor_id text NOT NULL,
    client_id uuid,
    resource text NOT NULL,
    data_kinds text[] NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    correlation_id text
);
CREATE INDEX IF NOT EXISTS api_access_log_org ON api_access_log (organization_id, id);

DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app')
       AND current_user <> 'spotter_app' THEN
        GRANT SELECT, INSERT ON api_access_log TO spotter_app;
        GRANT USAGE ON SEQUENCE api_access_log_id_seq TO spotter_app;
    END IF;
END
$grant$;
