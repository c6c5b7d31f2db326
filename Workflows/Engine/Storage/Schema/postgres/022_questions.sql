-- Version 22 (PostgreSQL): questions a bot asks a person in the middle of an attempt (ADR 0028): a captcha, an SMS
-- code, a U盾 PIN. The picture of the page region and the answer are sealed with the data key; the answer is erased
-- once the asking bot has taken it. Twin of sqlite/022_questions.sql.

CREATE TABLE questions (
    "Id" uuid NOT NULL,
    "CaseId" uuid NOT NULL,
    "CaseCode" character varying(32) NOT NULL,
    "StepRecordId" uuid NOT NULL,
    "StepId" character varying(64) NOT NULL,
    "Attempt" integer NOT NULL,
    "DispatchToken" uuid NOT NULL,
    "Worker" character varying(128) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "AnswerRole" character varying(32) NOT NULL,
    "Image" bytea NULL,
    "AskedAt" bigint NOT NULL,
    "ExpiresAt" bigint NOT NULL,
    "State" character varying(16) NOT NULL,
    "Answer" text NULL,
    "AnsweredAt" bigint NULL,
    "AnsweredBy" character varying(64) NULL,
    "TakenAt" bigint NULL,
    CONSTRAINT "PK_questions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_questions_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES cases ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_questions_CaseId" ON questions ("CaseId");
CREATE INDEX "IX_questions_State_ExpiresAt" ON questions ("State", "ExpiresAt");
CREATE INDEX "IX_questions_StepRecordId" ON questions ("StepRecordId");
