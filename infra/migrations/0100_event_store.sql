-- The event store of the write model (shared/writemodel): the eventsourcing library's
-- PostgreSQL application recorder for the application named "spotter".
--
-- Same names and columns the library creates itself (postgres.py, PostgresApplicationRecorder):
-- composite type stored_event_uuid, table spotter_events, index on notification_id. Created here
-- by the owner so the services' role spotter_app can only read and append: the services open
-- the application with CREATE_TABLE=n (shared.writemodel.store.open_application).

DO $type$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typname = 'stored_event_uuid' AND n.nspname = 'public'
    ) THEN
        CREATE TYPE public.stored_event_uuid AS (
            originator_id uuid, originator_version bigint, topic text, state bytea
        );
    END IF;
END
$type$;

CREATE TABLE IF NOT EXISTS public.spotter_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);

CREATE UNIQUE INDEX IF NOT EXISTS spotter_events_notification_id_idx
    ON public.spotter_events (notification_id ASC);

-- Stored events are immutable: refuse UPDATE, DELETE and TRUNCATE for every role that does not
-- first drop this trigger (only the owner can).
CREATE OR REPLACE FUNCTION public.spotter_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'spotter_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE TRIGGER spotter_events_no_update_delete
    BEFORE UPDATE OR DELETE ON public.spotter_events
    FOR EACH ROW EXECUTE FUNCTION public.spotter_events_append_only();
CREATE OR REPLACE TRIGGER spotter_events_no_truncate
    BEFORE TRUNCATE ON public.spotter_events
    FOR EACH STATEMENT EXECUTE FUNCTION public.spotter_events_append_only();

DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app')
       AND current_user <> 'spotter_app' THEN
        GRANT SELECT, INSERT ON public.spotter_events TO spotter_app;
        GRANT USAGE ON SEQUENCE public.spotter_events_notification_id_seq TO spotter_app;
        -- The library takes LOCK TABLE ... IN EXCLUSIVE MODE on every insert (commit order =
        -- notification order). PostgreSQL 17+ allows that with MAINTAIN, which grants no
        -- UPDATE/DELETE; older servers need UPDATE, which the trigger above neutralises.
        IF current_setting('server_version_num')::int >= 170000 THEN
            EXECUTE 'GRANT MAINTAIN ON public.spotter_events TO spotter_app';
        ELSE
            GRANT UPDATE ON public.spotter_events TO spotter_app;
        END IF;
    END IF;
END
$grant$;
