-- Version 15 (SQLite): the materials (一次告知) applicants hand in for a case, one file per declared material. The file
-- and its name are sealed with the data key; the SHA-256 of the plain bytes, size, type (recognised from the content),
-- who supplied it and when are kept in clear. Twin of postgres/015_materials.sql.

CREATE TABLE "case_materials" (
    "CaseId" TEXT NOT NULL,
    "MaterialId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Content" BLOB NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_case_materials" PRIMARY KEY ("CaseId", "MaterialId"),
    CONSTRAINT "FK_case_materials_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);
