-- Version 12 (SQLite): the case search index. Keyed hashes (HMAC-SHA256 under a key derived from the data key) of the
-- ID numbers and mobile numbers on each case's form, so a case is found by a full number without decrypting the case
-- table; nothing in clear. Filled when a case is submitted, replaced when it is amended, backfilled once at start for
-- the cases stored before. Twin of postgres/012_case_search_keys.sql.

CREATE TABLE "case_search_keys" (
    "CaseId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    CONSTRAINT "PK_case_search_keys" PRIMARY KEY ("CaseId", "Kind", "Hash"),
    CONSTRAINT "FK_case_search_keys_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_case_search_keys_Hash" ON "case_search_keys" ("Hash");
