-- Version 15 (PostgreSQL): the materials (一次告知) applicants hand in for a case, one file per declared material. The
-- file and its name are sealed with the data key; the SHA-256 of the plain bytes, size, type (recognised from the
-- content), who supplied it and when are kept in clear. Twin of sqlite/015_materials.sql.

CREATE TABLE case_materials (
    "CaseId" uuid NOT NULL,
    "MaterialId" character varying(64) NOT NULL,
    "FileName" text NOT NULL,
    "ContentType" character varying(8) NOT NULL,
    "Size" bigint NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "Content" bytea NOT NULL,
    "UploadedBy" character varying(64) NOT NULL,
    "UploadedAt" bigint NOT NULL,
    CONSTRAINT "PK_case_materials" PRIMARY KEY ("CaseId", "MaterialId"),
    CONSTRAINT "FK_case_materials_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES cases ("Id") ON DELETE CASCADE
);
