-- Version 5 (PostgreSQL): the commit point. An attempt notes when its bot passed the action's commit point (the
-- submit); an attempt that ends badly after it has an unknown outcome, settled by a verification that only looks the
-- record up (a step that is verifying, an attempt that was one). Twin of sqlite/005_commit_point.sql.

ALTER TABLE step_attempts ADD COLUMN "CommittedAt" bigint;
ALTER TABLE step_attempts ADD COLUMN "Verify" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE steps ADD COLUMN "Verifying" boolean NOT NULL DEFAULT FALSE;
