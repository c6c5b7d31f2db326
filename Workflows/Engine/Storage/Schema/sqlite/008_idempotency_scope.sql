-- Version 8 (SQLite): idempotency keys are scoped to the user who submits, as payment APIs scope them: two users'
-- equal keys are two submissions. Beside the key, a keyed fingerprint (HMAC under a key derived from the data key) of
-- the request it was first used with, so reusing a key for another application is refused instead of answered with
-- the first case. Keys may be up to 255 characters (SQLite TEXT needs no change). Twin of postgres/008_idempotency_scope.sql.

ALTER TABLE "cases" ADD COLUMN "RequestFingerprint" TEXT NULL;
DROP INDEX "IX_cases_RequestId";
CREATE UNIQUE INDEX "IX_cases_SubmittedBy_RequestId" ON "cases" ("SubmittedBy", "RequestId");
