-- Version 6 (SQLite): sealed checkpoints (ADR 0011). Writers add audit rows unsequenced, numbered by arrival (Id);
-- one sealer later gives them their place in the chain (Seq), the previous hash and a hash keyed with the audit
-- key, and writes a checkpoint that the key authenticates. The one-row chain head goes: no writer moves a shared
-- row any more. Rows of the old chain keep their Seq and hashes (Id = Seq) and stay verifiable with plain SHA-256
-- up to checkpoint 0, which records where the old chain ended; the runner authenticates it at its first seal.
-- Twin of postgres/006_audit_seal.sql.

CREATE TABLE "audit_events_sealed" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_events" PRIMARY KEY AUTOINCREMENT,
    "Seq" INTEGER NULL,
    "At" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "CaseCode" TEXT NULL,
    "StepId" TEXT NULL,
    "DetailJson" TEXT NULL,
    "PreviousHash" TEXT NULL,
    "Hash" TEXT NULL
);

INSERT INTO "audit_events_sealed" ("Id", "Seq", "At", "Kind", "Actor", "CaseCode", "StepId", "DetailJson", "PreviousHash", "Hash")
SELECT "Seq", "Seq", "At", "Kind", "Actor", "CaseCode", "StepId", "DetailJson", "PreviousHash", "Hash" FROM "audit_events";

DROP TABLE "audit_events";
ALTER TABLE "audit_events_sealed" RENAME TO "audit_events";

CREATE INDEX "IX_audit_events_CaseCode" ON "audit_events" ("CaseCode");
CREATE UNIQUE INDEX "IX_audit_events_Seq" ON "audit_events" ("Seq");

CREATE TABLE "audit_checkpoints" (
    "Number" INTEGER NOT NULL CONSTRAINT "PK_audit_checkpoints" PRIMARY KEY,
    "Seq" INTEGER NOT NULL,
    "Hash" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Cases" INTEGER NOT NULL,
    "PreviousMac" TEXT NOT NULL,
    "Mac" TEXT NOT NULL
);

-- Checkpoint 0: where the old chain ended (seq 0 and the genesis hash on a new database); its MAC comes at the first seal.
INSERT INTO "audit_checkpoints" ("Number", "Seq", "Hash", "At", "Cases", "PreviousMac", "Mac")
SELECT 0, "Seq", "Hash", CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), (SELECT COUNT(*) FROM "cases"), '', ''
FROM "audit_head" WHERE "Id" = 1;

DROP TABLE "audit_head";
