-- Read models: the JSON documents and audit payloads are stored uncompressed (out of line).
--
-- PostgreSQL compresses a value over ~2 kB with pglz by default (this server has no lz4).
-- Session documents, client documents and audit payloads cross that size often and are
-- rewritten as the projector evolves them. Copying the finished read models of 100,000 events
-- into empty tables took the server 78 µs per event compressed, 56 uncompressed (session
-- documents alone: 30 vs 16). The tables are rebuildable caches of the event store: disk is
-- the cheaper resource here, and reads skip decompression too.
-- 0201's installer is wrapped, as 0201 wrapped 0200's, so every build schema gets it.

ALTER FUNCTION public.spotter_readmodel_install(text) RENAME TO spotter_readmodel_install_0201;

CREATE FUNCTION public.spotter_readmodel_install(target text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM public.spotter_readmodel_install_0201(target);
    EXECUTE format('ALTER TABLE %I.audit_log ALTER COLUMN payload SET STORAGE EXTERNAL', target);
    EXECUTE format('ALTER TABLE %I.client_state ALTER COLUMN doc SET STORAGE EXTERNAL', target);
    EXECUTE format('ALTER TABLE %I.training_sessions ALTER COLUMN doc SET STORAGE EXTERNAL',
                   target);
END
$fn$;

SELECT public.spotter_readmodel_install('readmodel');
