-- Version 4 (SQLite): amendment of a case after departments already hold its records. A step that corrects its
-- record runs its system's amend action; the inputs the record held before are kept to show old → new; a step
-- amended while a bot was entering it needs amendment once that attempt succeeds. Twin of postgres/004_amendment.sql.

ALTER TABLE "steps" ADD COLUMN "AmendAction" TEXT NULL;
ALTER TABLE "steps" ADD COLUMN "PreviousInputsJson" TEXT NULL;
ALTER TABLE "steps" ADD COLUMN "AmendAfterRun" INTEGER NOT NULL DEFAULT 0;
