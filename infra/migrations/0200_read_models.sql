-- Read models of the projector (services/projector).
--
-- The tables are created by a function taking the target schema so that the rebuild
-- (services/projector/rebuild.py) can create an identical fresh set in a build schema and swap
-- it in by renaming schemas. The live set is the schema `readmodel`.
-- No column holds the wall clock: a clean rebuild must reproduce every row (checksums).

CREATE OR REPLACE FUNCTION public.spotter_readmodel_install(target text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    previous_path text := current_setting('search_path');
BEGIN
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target);
    PERFORM set_config('search_path', quote_ident(target), true);

    -- consumer bookkeeping: one row per (topic, partition), written with the batch's effects
    CREATE TABLE IF NOT EXISTS stream_positions (
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        last_position bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (topic, partition)
    );
    CREATE TABLE IF NOT EXISTS client_watermarks (
        client_id uuid PRIMARY KEY,
        position bigint NOT NULL
    );
    CREATE TABLE IF NOT EXISTS skipped_events (
        event_id uuid PRIMARY KEY,
        position bigint,
        type text NOT NULL,
        schema_version integer NOT NULL,
        reason text NOT NULL
    );
    -- doubles as the applied-event-id set used for dedupe
    CREATE TABLE IF NOT EXISTS audit_log (
        event_id uuid PRIMARY KEY,
        position bigint,
        occurred_at timestamptz NOT NULL,
        organization_id uuid,
        actor_kind text,
        actor_id text,
        type text NOT NULL,
        schema_version integer NOT NULL,
        aggregate_type text,
        aggregate_id uuid,
        aggregate_version integer,
        client_id uuid,
        correlation_id text,
        causation_id text,
        payload jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_log_client ON audit_log (client_id, position);
    CREATE INDEX IF NOT EXISTS audit_log_org ON audit_log (organization_id, position);

    CREATE TABLE IF NOT EXISTS organizations (
        organization_id uuid PRIMARY KEY,
        name text NOT NULL,
        unit text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL
    );
    CREATE TABLE IF NOT EXISTS api_keys (
        key_id text PRIMARY KEY,
        organization_id uuid NOT NULL,
        role text NOT NULL,
        trainer_id uuid,
        label text,
        status text NOT NULL,
        revoked_reason text,
        issued_at timestamptz NOT NULL,
        revoked_at timestamptz
    );
    CREATE TABLE IF NOT EXISTS trainers (
        trainer_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        methodology jsonb NOT NULL,
        methodology_version integer NOT NULL,
        version integer NOT NULL
    );
    CREATE TABLE IF NOT EXISTS client_state (
        client_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        trainer_id uuid,
        name text,
        version integer NOT NULL,
        position bigint,
        doc jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS client_state_trainer ON client_state (organization_id, trainer_id);
    CREATE TABLE IF NOT EXISTS training_sessions (
        session_id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        trainer_id uuid,
        status text NOT NULL,
        version integer NOT NULL,
        requested_at timestamptz,
        updated_at timestamptz NOT NULL,
        doc jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS training_sessions_client ON training_sessions (client_id);
    CREATE INDEX IF NOT EXISTS training_sessions_trainer ON training_sessions (trainer_id, status);
    CREATE TABLE IF NOT EXISTS exercise_sets (
        session_id uuid NOT NULL,
        entry_index integer NOT NULL,
        set_index integer NOT NULL,
        client_id uuid NOT NULL,
        exercise_id text NOT NULL,
        performed_on date NOT NULL,
        position bigint,
        reps integer,
        load_kg numeric,
        rpe numeric,
        rir numeric,
        duration_s integer,
        completed boolean NOT NULL,
        e1rm_kg numeric,
        e1rm_method text,
        PRIMARY KEY (session_id, entry_index, set_index)
    );
    CREATE INDEX IF NOT EXISTS exercise_sets_client ON exercise_sets (client_id, exercise_id);
    CREATE TABLE IF NOT EXISTS exercise_bests (
        client_id uuid NOT NULL,
        exercise_id text NOT NULL,
        session_id uuid NOT NULL,
        performed_on date NOT NULL,
        position bigint,
        reps integer,
        load_kg numeric,
        e1rm_kg numeric,
        PRIMARY KEY (client_id, exercise_id, session_id)
    );
    CREATE TABLE IF NOT EXISTS exercise_trends (
        client_id uuid NOT NULL,
        exercise_id text NOT NULL,
        trend text NOT NULL,
        sessions integer NOT NULL,
        latest_e1rm_kg numeric,
        best_e1rm_kg numeric,
        last_performed_on date,
        PRIMARY KEY (client_id, exercise_id)
    );
    CREATE TABLE IF NOT EXISTS benchmarks (
        session_id uuid NOT NULL,
        idx integer NOT NULL,
        client_id uuid NOT NULL,
        name text NOT NULL,
        value numeric NOT NULL,
        unit text,
        performed_on date NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE INDEX IF NOT EXISTS benchmarks_client ON benchmarks (client_id, name, performed_on);
    CREATE TABLE IF NOT EXISTS pain_timeline (
        event_id uuid NOT NULL,
        idx integer NOT NULL,
        client_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        session_id uuid,
        source text NOT NULL CHECK (source IN ('request', 'log')),
        region text NOT NULL,
        side text,
        severity integer NOT NULL,
        note text,
        exercise_id text,
        occurred_on date NOT NULL,
        position bigint,
        PRIMARY KEY (event_id, idx)
    );
    CREATE INDEX IF NOT EXISTS pain_timeline_client ON pain_timeline (client_id, occurred_on);

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spotter_app') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO spotter_app', target);
        EXECUTE format(
            'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO spotter_app',
            target);
    END IF;
    PERFORM set_config('search_path', previous_path, true);
END
$fn$;

SELECT public.spotter_readmodel_install('readmodel');
