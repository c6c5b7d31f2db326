-- Version 3 (SQLite): notes a bot attempt leaves for designers, such as selector drift (a fallback selector had
-- to be used because the first no longer matches). Twin of postgres/003_attempt_notes.sql.

ALTER TABLE "step_attempts" ADD COLUMN "NotesJson" TEXT NULL;
