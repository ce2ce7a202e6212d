-- Read models: an index the set-based projector needs (services/projector/readmodels).
--
-- A session's log replaces its earlier one, so every batch deletes the best sets of the
-- sessions it logs by session id; without this index each such delete scans the whole table.
-- 0200's installer is kept under another name and wrapped, so every schema it creates (the
-- live one, and each rebuild's build schema) gets the index too.

ALTER FUNCTION public.spotter_readmodel_install(text) RENAME TO spotter_readmodel_install_0200;

CREATE FUNCTION public.spotter_readmodel_install(target text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM public.spotter_readmodel_install_0200(target);
    EXECUTE format('CREATE INDEX IF NOT EXISTS exercise_bests_session ON %I.exercise_bests'
                   ' (session_id)', target);
END
$fn$;

SELECT public.spotter_readmodel_install('readmodel');
