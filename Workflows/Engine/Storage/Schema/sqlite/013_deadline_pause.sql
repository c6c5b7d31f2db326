-- Version 13 (SQLite): each matter keeps the committed limit (承诺时限, working days) its pinned bundle version stated at
-- submission, and its clock stands still while it waits for the applicant (补正): since when (PausedAt, UTC
-- milliseconds) and the working time of earlier pauses (PausedWorkingTime, ticks) by which its deadline moved later.
-- Twin of postgres/013_deadline_pause.sql.

ALTER TABLE "steps" ADD COLUMN "TimeLimitDays" TEXT NULL;
ALTER TABLE "steps" ADD COLUMN "PausedAt" INTEGER NULL;
ALTER TABLE "steps" ADD COLUMN "PausedWorkingTime" INTEGER NOT NULL DEFAULT 0;
