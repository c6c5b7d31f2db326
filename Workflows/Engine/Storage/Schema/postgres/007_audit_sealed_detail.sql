-- Version 7 (PostgreSQL): free text out of the audit chain. A row's details are masked for personal data before
-- they are written (reasons, notes and department systems' messages may quote an ID number, a phone or a name);
-- when masking changed them, the details as written are kept beside the row, sealed under the data key and outside
-- the hash chain, so they can be read by the roles allowed to and erased without breaking the chain.
-- Twin of sqlite/007_audit_sealed_detail.sql.

ALTER TABLE audit_events ADD COLUMN "SealedDetailJson" text;
