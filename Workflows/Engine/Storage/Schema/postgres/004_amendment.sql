-- Version 4 (PostgreSQL): amendment of a case after departments already hold its records. A step that corrects its
-- record runs its system's amend action; the inputs the record held before are kept to show old → new; a step
-- amended while a bot was entering it needs amendment once that attempt succeeds. Twin of sqlite/004_amendment.sql.

ALTER TABLE steps ADD COLUMN "AmendAction" character varying(128);
ALTER TABLE steps ADD COLUMN "PreviousInputsJson" text;
ALTER TABLE steps ADD COLUMN "AmendAfterRun" boolean NOT NULL DEFAULT FALSE;
