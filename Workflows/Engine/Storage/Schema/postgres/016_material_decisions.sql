-- Version 16 (PostgreSQL): what the window decided for a material not handed in (ADR 0019): 容缺 (deferred, due at
-- DueAt, UTC milliseconds) or 告知承诺 (promised: the commitment text shown, the applicant's tick or signature image,
-- sealed with the data key, and its SHA-256), who recorded it and when. Twin of sqlite/016_material_decisions.sql.

CREATE TABLE case_material_decisions (
    "CaseId" uuid NOT NULL,
    "MaterialId" character varying(64) NOT NULL,
    "Decision" character varying(16) NOT NULL,
    "DueAt" bigint NULL,
    "PromiseText" text NULL,
    "ApplicantTicked" boolean NOT NULL,
    "Signature" bytea NULL,
    "SignatureSha256" character varying(64) NULL,
    "DecidedBy" character varying(64) NOT NULL,
    "DecidedAt" bigint NOT NULL,
    CONSTRAINT "PK_case_material_decisions" PRIMARY KEY ("CaseId", "MaterialId"),
    CONSTRAINT "FK_case_material_decisions_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES cases ("Id") ON DELETE CASCADE
);
