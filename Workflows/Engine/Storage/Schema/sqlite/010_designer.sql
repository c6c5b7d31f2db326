-- Designer schema, version 10 (SQLite): bundle drafts and versions published from the web designer.
-- Generated from RpaRunner.Designer's DesignerDbContext; a test in tests/RpaRunner.Designer.Tests keeps the two equal.

CREATE TABLE "designer_drafts" (
    "BundleId" TEXT NOT NULL CONSTRAINT "PK_designer_drafts" PRIMARY KEY,
    "BasedOnVersion" INTEGER NULL,
    "DefinitionJson" TEXT NOT NULL,
    "LayoutJson" TEXT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL
);


CREATE TABLE "designer_published" (
    "BundleId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "DefinitionJson" TEXT NOT NULL,
    "LayoutJson" TEXT NULL,
    "PublishedBy" TEXT NOT NULL,
    "PublishedAt" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "RestoredFrom" INTEGER NULL,
    CONSTRAINT "PK_designer_published" PRIMARY KEY ("BundleId", "Version")
);


