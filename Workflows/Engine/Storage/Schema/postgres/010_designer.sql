-- Designer schema, version 10 (PostgreSQL): bundle drafts and versions published from the web designer. Twin of
-- sqlite/010_designer.sql, generated from RpaRunner.Designer's DesignerDbContext for Npgsql.

CREATE TABLE designer_drafts (
    "BundleId" text NOT NULL,
    "BasedOnVersion" integer,
    "DefinitionJson" text NOT NULL,
    "LayoutJson" text,
    "UpdatedBy" text NOT NULL,
    "UpdatedAt" bigint NOT NULL,
    "Revision" integer NOT NULL,
    CONSTRAINT "PK_designer_drafts" PRIMARY KEY ("BundleId")
);


CREATE TABLE designer_published (
    "BundleId" text NOT NULL,
    "Version" integer NOT NULL,
    "DefinitionJson" text NOT NULL,
    "LayoutJson" text,
    "PublishedBy" text NOT NULL,
    "PublishedAt" bigint NOT NULL,
    "Note" text,
    "RestoredFrom" integer,
    CONSTRAINT "PK_designer_published" PRIMARY KEY ("BundleId", "Version")
);
