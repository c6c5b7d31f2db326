-- Version 16 (SQLite): what the window decided for a material not handed in (ADR 0019): 容缺 (deferred, due at DueAt,
-- UTC milliseconds) or 告知承诺 (promised: the commitment text shown, the applicant's tick or signature image, sealed
-- with the data key, and its SHA-256), who recorded it and when. Twin of postgres/016_material_decisions.sql.

CREATE TABLE "case_material_decisions" (
    "CaseId" TEXT NOT NULL,
    "MaterialId" TEXT NOT NULL,
    "Decision" TEXT NOT NULL,
    "DueAt" INTEGER NULL,
    "PromiseText" TEXT NULL,
    "ApplicantTicked" INTEGER NOT NULL,
    "Signature" BLOB NULL,
    "SignatureSha256" TEXT NULL,
    "DecidedBy" TEXT NOT NULL,
    "DecidedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_case_material_decisions" PRIMARY KEY ("CaseId", "MaterialId"),
    CONSTRAINT "FK_case_material_decisions_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);
