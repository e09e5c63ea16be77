//! The schema, created on first open and checked on every open.

/// Bumped on every incompatible change; a store with another version is refused, not misread.
pub const SCHEMA_VERSION: i64 = 3;

/// Version 1 stored the foundation's single authority score. Its score runs cannot be read by
/// the complete model; they are derived data, so opening a version-1 store drops them (events,
/// accounts and rejects are kept) and the next `sillage score` recomputes.
pub const MIGRATE_FROM_1: &str = "DROP TABLE IF EXISTS scores; DROP TABLE IF EXISTS score_runs;";

/// Version 2 lacked the accounts' `username` (the name people type when the handle is a stable
/// id); the column is added, empty.
pub const MIGRATE_FROM_2: &str = "ALTER TABLE accounts ADD COLUMN username TEXT;";

/// Tables and indexes. Events refer to accounts and networks by integer id so that the large
/// table stays narrow; `(net, ext_id)` is the de-duplication key of EVENTS.md.
pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nets (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS accounts (
    id         INTEGER PRIMARY KEY,
    net        INTEGER NOT NULL REFERENCES nets(id),
    handle     TEXT NOT NULL,
    name       TEXT,
    username   TEXT,
    bio        TEXT,
    lang       TEXT,
    followers  INTEGER,
    following  INTEGER,
    posts      INTEGER,
    created_at INTEGER,
    org        TEXT,
    opt_out    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (net, handle)
);
CREATE TABLE IF NOT EXISTS ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    status      TEXT NOT NULL,
    sources     TEXT NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0,
    stored      INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    accounts    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY,
    net    INTEGER NOT NULL,
    ext_id TEXT NOT NULL,
    kind   INTEGER NOT NULL,
    actor  INTEGER NOT NULL,
    target INTEGER,
    at     INTEGER NOT NULL,
    post   TEXT,
    parent TEXT,
    tags   TEXT,
    urls   TEXT,
    lang   TEXT,
    text   TEXT,
    run    INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_key ON events (net, ext_id);
CREATE TABLE IF NOT EXISTS rejects (
    id     INTEGER PRIMARY KEY,
    run    INTEGER NOT NULL,
    source TEXT NOT NULL,
    line   INTEGER NOT NULL,
    reason TEXT NOT NULL,
    raw    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS score_runs (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    as_of      INTEGER NOT NULL,
    config     TEXT NOT NULL,
    summary    TEXT NOT NULL,
    nodes      INTEGER NOT NULL,
    edges      INTEGER NOT NULL,
    shown      INTEGER NOT NULL,
    iterations INTEGER NOT NULL,
    residual   REAL NOT NULL,
    converged  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS scores (
    run               INTEGER NOT NULL,
    account           INTEGER NOT NULL,
    score             REAL,
    percentile        REAL,
    authority         REAL,
    reach             REAL,
    amplification     REAL,
    activity          REAL,
    outreach          REAL,
    authority_pct     REAL,
    reach_pct         REAL,
    amplification_pct REAL,
    activity_pct      REAL,
    outreach_pct      REAL,
    outreach_level    INTEGER NOT NULL,
    rank              REAL NOT NULL,
    trust             REAL NOT NULL,
    lang              TEXT,
    PRIMARY KEY (run, account)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_scores (
    run        INTEGER NOT NULL,
    topic      TEXT NOT NULL,
    account    INTEGER NOT NULL,
    score      REAL NOT NULL,
    rank       REAL NOT NULL,
    percentile REAL NOT NULL,
    PRIMARY KEY (run, topic, account)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topic_scores_by_account ON topic_scores (run, account);
"#;
