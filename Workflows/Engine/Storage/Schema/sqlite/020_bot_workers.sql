-- Version 20 (SQLite): the bot roster. Each bot worker's heartbeat records the pools it serves and how many steps
-- of each it runs at once; the dispatcher hands a pool no more than its live workers can take (ADR 0009).
-- Twin of postgres/020_bot_workers.sql.

CREATE TABLE "bot_workers" (
    "Worker" TEXT NOT NULL,
    "Pool" TEXT NOT NULL,
    "Sessions" INTEGER NOT NULL,
    "LastSeenAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    CONSTRAINT "PK_bot_workers" PRIMARY KEY ("Worker", "Pool")
);
