-- Version 9 (SQLite): cases belong to an organisation unit (a hall or a district, as a path such as
-- "furong/hall-1"), the unit of whoever submitted them; people see the cases of their unit and the units beneath
-- it. Cases stored before units existed belong to the unit "default", like users without one.
-- Twin of postgres/009_units.sql.

ALTER TABLE "cases" ADD COLUMN "Unit" TEXT NOT NULL DEFAULT 'default';
CREATE INDEX "IX_cases_Unit_SubmittedAt" ON "cases" ("Unit", "SubmittedAt");
