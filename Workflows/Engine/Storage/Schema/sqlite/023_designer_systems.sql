-- Designer schema, version 23 (SQLite): department systems as data (ADR 0029) — drafts being edited and the versions
-- published from the designer, each a whole system package (catalog entry, system script, action scripts). Generated
-- from RpaRunner.Designer's DesignerDbContext; a test keeps the two equal. Twin of postgres/023_designer_systems.sql.

CREATE TABLE "designer_system_drafts" (
    "SystemId" TEXT NOT NULL CONSTRAINT "PK_designer_system_drafts" PRIMARY KEY,
    "BasedOnVersion" INTEGER NULL,
    "PackageJson" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL
);


CREATE TABLE "designer_system_published" (
    "SystemId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "PackageJson" TEXT NOT NULL,
    "PublishedBy" TEXT NOT NULL,
    "PublishedAt" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "RestoredFrom" INTEGER NULL,
    CONSTRAINT "PK_designer_system_published" PRIMARY KEY ("SystemId", "Version")
);
