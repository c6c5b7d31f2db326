-- Engine schema, version 1 (SQLite). Generated from the EF Core model with './rpa db script'; a test keeps the two equal.

CREATE TABLE "audit_events" (
    "Seq" INTEGER NOT NULL CONSTRAINT "PK_audit_events" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "CaseCode" TEXT NULL,
    "StepId" TEXT NULL,
    "DetailJson" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "audit_head" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_head" PRIMARY KEY,
    "Seq" INTEGER NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "bundle_versions" (
    "BundleId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "DefinitionJson" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "RegisteredAt" INTEGER NOT NULL,
    CONSTRAINT "PK_bundle_versions" PRIMARY KEY ("BundleId", "Version")
);


CREATE TABLE "cases" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_cases" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "BundleId" TEXT NOT NULL,
    "BundleVersion" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "FormJson" TEXT NOT NULL,
    "RequestId" TEXT NULL,
    "SubmittedBy" TEXT NOT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    "Revision" INTEGER NOT NULL
);


CREATE TABLE "step_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_step_attempts" PRIMARY KEY AUTOINCREMENT,
    "StepRecordId" TEXT NOT NULL,
    "CaseId" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "DispatchToken" TEXT NOT NULL,
    "Worker" TEXT NULL,
    "DispatchedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL,
    "Outcome" TEXT NOT NULL,
    "ErrorClass" TEXT NULL,
    "ErrorMessage" TEXT NULL,
    "EvidenceJson" TEXT NULL,
    "FoundExisting" INTEGER NOT NULL
);


CREATE TABLE "steps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_steps" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "StepId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "System" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Pool" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "AttemptsInBudget" INTEGER NOT NULL,
    "InputsJson" TEXT NULL,
    "CorrectedInputsJson" TEXT NULL,
    "OutputsJson" TEXT NULL,
    "ErrorClass" TEXT NULL,
    "ErrorMessage" TEXT NULL,
    "DueAt" INTEGER NULL,
    "DispatchToken" TEXT NULL,
    "LeaseHolder" TEXT NULL,
    "LeaseExpiresAt" INTEGER NULL,
    "StartedAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL,
    "DeadlineAt" INTEGER NULL,
    "ResolvedBy" TEXT NULL,
    "Revision" INTEGER NOT NULL,
    CONSTRAINT "FK_steps_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_audit_events_CaseCode" ON "audit_events" ("CaseCode");


CREATE UNIQUE INDEX "IX_cases_Code" ON "cases" ("Code");


CREATE UNIQUE INDEX "IX_cases_RequestId" ON "cases" ("RequestId");


CREATE INDEX "IX_cases_Status_SubmittedAt" ON "cases" ("Status", "SubmittedAt");


CREATE INDEX "IX_step_attempts_CaseId" ON "step_attempts" ("CaseId");


CREATE INDEX "IX_step_attempts_StepRecordId_Attempt" ON "step_attempts" ("StepRecordId", "Attempt");


CREATE UNIQUE INDEX "IX_steps_CaseId_StepId" ON "steps" ("CaseId", "StepId");


CREATE UNIQUE INDEX "IX_steps_IdempotencyKey" ON "steps" ("IdempotencyKey");


CREATE INDEX "IX_steps_Status_DueAt" ON "steps" ("Status", "DueAt");


CREATE INDEX "IX_steps_Status_LeaseExpiresAt" ON "steps" ("Status", "LeaseExpiresAt");



-- The audit chain starts at its genesis hash.
INSERT INTO "audit_head" ("Id", "Seq", "Hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
