-- Version 3 (PostgreSQL): notes a bot attempt leaves for designers, such as selector drift (a fallback selector
-- had to be used because the first no longer matches). Twin of sqlite/003_attempt_notes.sql.

ALTER TABLE step_attempts ADD COLUMN "NotesJson" text;
