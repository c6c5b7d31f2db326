-- Designer schema, version 23 (PostgreSQL): department systems as data (ADR 0029). Twin of
-- sqlite/023_designer_systems.sql, generated from RpaRunner.Designer's DesignerDbContext for Npgsql.

CREATE TABLE designer_system_drafts (
    "SystemId" text NOT NULL,
    "BasedOnVersion" integer,
    "PackageJson" text NOT NULL,
    "UpdatedBy" text NOT NULL,
    "UpdatedAt" bigint NOT NULL,
    "Revision" integer NOT NULL,
    CONSTRAINT "PK_designer_system_drafts" PRIMARY KEY ("SystemId")
);


CREATE TABLE designer_system_published (
    "SystemId" text NOT NULL,
    "Version" integer NOT NULL,
    "PackageJson" text NOT NULL,
    "PublishedBy" text NOT NULL,
    "PublishedAt" bigint NOT NULL,
    "Note" text,
    "RestoredFrom" integer,
    CONSTRAINT "PK_designer_system_published" PRIMARY KEY ("SystemId", "Version")
);
