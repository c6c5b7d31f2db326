-- Version 5 (SQLite): the commit point. An attempt notes when its bot passed the action's commit point (the submit);
-- an attempt that ends badly after it has an unknown outcome, settled by a verification that only looks the record
-- up (a step that is verifying, an attempt that was one). Twin of postgres/005_commit_point.sql.

ALTER TABLE "step_attempts" ADD COLUMN "CommittedAt" INTEGER NULL;
ALTER TABLE "step_attempts" ADD COLUMN "Verify" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "steps" ADD COLUMN "Verifying" INTEGER NOT NULL DEFAULT 0;
