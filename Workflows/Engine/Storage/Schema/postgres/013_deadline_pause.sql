-- Version 13 (PostgreSQL): each matter keeps the committed limit (承诺时限, working days) its pinned bundle version
-- stated at submission, and its clock stands still while it waits for the applicant (补正): since when (PausedAt, UTC
-- milliseconds) and the working time of earlier pauses (PausedWorkingTime, ticks) by which its deadline moved later.
-- Twin of sqlite/013_deadline_pause.sql.

ALTER TABLE steps ADD COLUMN "TimeLimitDays" numeric(6,2);
ALTER TABLE steps ADD COLUMN "PausedAt" bigint;
ALTER TABLE steps ADD COLUMN "PausedWorkingTime" bigint NOT NULL DEFAULT 0;
