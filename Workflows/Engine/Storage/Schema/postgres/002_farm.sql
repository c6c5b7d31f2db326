-- Version 2 (PostgreSQL): bot farm and scheduling. Committed deadlines (承诺时限) and 红黄牌 flags on cases and
-- steps; the batch window a case is held for. Twin of sqlite/002_farm.sql.

ALTER TABLE cases ADD COLUMN "DeadlineAt" bigint;
ALTER TABLE cases ADD COLUMN "Flag" character varying(8);
ALTER TABLE cases ADD COLUMN "BatchWindow" character varying(64);
ALTER TABLE steps ADD COLUMN "Flag" character varying(8);

-- Quartz.NET's job store for the clustered scheduler of the orchestrators (tables qrtz_*). The statements
-- are the create script that ships inside the referenced Quartz assembly for PostgreSQL, so they always
-- match the Quartz version in use; DatabaseInitializer expands the line below, and
-- './rpa db script --Database:Provider=postgres' prints the expanded text for review.
-- @include quartz:postgres
