-- Version 2 (SQLite): bot farm and scheduling. Committed deadlines (承诺时限) and 红黄牌 flags on cases and
-- steps; the batch window a case is held for. Twin of postgres/002_farm.sql (which also holds Quartz.NET's tables).

ALTER TABLE "cases" ADD COLUMN "DeadlineAt" INTEGER NULL;
ALTER TABLE "cases" ADD COLUMN "Flag" TEXT NULL;
ALTER TABLE "cases" ADD COLUMN "BatchWindow" TEXT NULL;
ALTER TABLE "steps" ADD COLUMN "Flag" TEXT NULL;
