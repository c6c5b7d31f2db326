-- Version 8 (PostgreSQL): idempotency keys are scoped to the user who submits, as payment APIs scope them: two users'
-- equal keys are two submissions. Beside the key, a keyed fingerprint (HMAC under a key derived from the data key) of
-- the request it was first used with, so reusing a key for another application is refused instead of answered with
-- the first case. Keys may be up to 255 characters. Twin of sqlite/008_idempotency_scope.sql.

ALTER TABLE cases ALTER COLUMN "RequestId" TYPE character varying(255);
ALTER TABLE cases ADD COLUMN "RequestFingerprint" character varying(64);
DROP INDEX "IX_cases_RequestId";
CREATE UNIQUE INDEX "IX_cases_SubmittedBy_RequestId" ON cases ("SubmittedBy", "RequestId");
