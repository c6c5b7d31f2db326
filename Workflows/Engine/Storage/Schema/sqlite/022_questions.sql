-- Version 22 (SQLite): questions a bot asks a person in the middle of an attempt (ADR 0028): a captcha, an SMS code, a
-- U盾 PIN. The picture of the page region and the answer are sealed with the data key; the answer is erased once the
-- asking bot has taken it. Twin of postgres/022_questions.sql.

CREATE TABLE "questions" (
    "Id" TEXT NOT NULL,
    "CaseId" TEXT NOT NULL,
    "CaseCode" TEXT NOT NULL,
    "StepRecordId" TEXT NOT NULL,
    "StepId" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "DispatchToken" TEXT NOT NULL,
    "Worker" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "AnswerRole" TEXT NOT NULL,
    "Image" BLOB NULL,
    "AskedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Answer" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "AnsweredBy" TEXT NULL,
    "TakenAt" INTEGER NULL,
    CONSTRAINT "PK_questions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_questions_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_questions_CaseId" ON "questions" ("CaseId");
CREATE INDEX "IX_questions_State_ExpiresAt" ON "questions" ("State", "ExpiresAt");
CREATE INDEX "IX_questions_StepRecordId" ON "questions" ("StepRecordId");
