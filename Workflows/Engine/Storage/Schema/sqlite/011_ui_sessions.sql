-- Version 11 (SQLite): web UI sessions. The UI's cookie names a session; it is alive while its row is here and not
-- expired, so signing out ends it on every orchestrator. Holds the SHA-256 of the session id and two times, nothing
-- about the person (ADR 0013). Twin of postgres/011_ui_sessions.sql.

CREATE TABLE "ui_sessions" (
    "IdHash" TEXT NOT NULL CONSTRAINT "PK_ui_sessions" PRIMARY KEY,
    "StartedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL
);

CREATE INDEX "IX_ui_sessions_ExpiresAt" ON "ui_sessions" ("ExpiresAt");
