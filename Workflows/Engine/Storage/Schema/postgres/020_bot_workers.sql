-- Version 20 (PostgreSQL): the bot roster. Each bot worker's heartbeat records the pools it serves and how many
-- steps of each it runs at once; the dispatcher hands a pool no more than its live workers can take (ADR 0009).
-- Twin of sqlite/020_bot_workers.sql.

CREATE TABLE bot_workers (
    "Worker" character varying(128) NOT NULL,
    "Pool" character varying(64) NOT NULL,
    "Sessions" integer NOT NULL,
    "LastSeenAt" bigint NOT NULL,
    "ExpiresAt" bigint NOT NULL,
    CONSTRAINT "PK_bot_workers" PRIMARY KEY ("Worker", "Pool")
);
