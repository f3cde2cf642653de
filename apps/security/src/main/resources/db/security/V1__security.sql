-- Shared by both apps (module apps-security). Each app's own tables start at V10.

-- Idle lock (contract section 6): one row per Keycloak session (sid). Not practice data: keyed
-- by the session, written only after the token's signature was checked.
CREATE TABLE idle_session (
    sid        text        PRIMARY KEY,
    last_seen  timestamptz NOT NULL,
    locked_at  timestamptz
);
CREATE INDEX idle_session_last_seen ON idle_session (last_seen);

-- PHI audit: one hash chain per practice, append-only.
CREATE TABLE audit_entry (
    practice_id text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    seq         bigint      NOT NULL,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    record_type text        NOT NULL,
    record_id   text,
    outcome     text        NOT NULL,
    prev_hash   char(64)    NOT NULL,
    hash        char(64)    NOT NULL,
    PRIMARY KEY (practice_id, seq)
);
ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entry FORCE ROW LEVEL SECURITY;
-- Only SELECT and INSERT policies: under forced row-level security UPDATE and DELETE see no row.
CREATE POLICY audit_read ON audit_entry FOR SELECT
    USING (practice_id = current_setting('practicekey.practice', true));
CREATE POLICY audit_append ON audit_entry FOR INSERT
    WITH CHECK (practice_id = current_setting('practicekey.practice', true));

CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

-- Practice isolation for every practice table of the apps: row-level security, forced also on
-- the owner, bound to the transaction's practice (set by PracticeTransactions). Without a bound
-- practice no row is visible and no row can be written.
CREATE FUNCTION practicekey_isolate(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY practice_isolation ON %s '
        || 'USING (practice_id = current_setting(''practicekey.practice'', true)) '
        || 'WITH CHECK (practice_id = current_setting(''practicekey.practice'', true))', tbl);
END;
$$;
