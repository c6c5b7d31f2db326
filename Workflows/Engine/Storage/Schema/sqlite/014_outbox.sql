-- Version 14 (SQLite): the provincial platform in and out (ADR 0016). A case pushed by the platform keeps the
-- platform's case number (PlatformCaseNo, unique: one case per platform case). The outbox holds the notifications
-- (结果回传) each transition writes in its own transaction, one row per event and webhook, until the delivery service
-- has sent it (Delivered) or given up (DeadLetter); Id is the order of arrival, the order a case's events are sent in.
-- The payload carries no personal data. Twin of postgres/014_outbox.sql.

ALTER TABLE "cases" ADD COLUMN "PlatformCaseNo" TEXT NULL;
CREATE UNIQUE INDEX "IX_cases_PlatformCaseNo" ON "cases" ("PlatformCaseNo");

CREATE TABLE "outbox_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "EventId" TEXT NOT NULL,
    "Webhook" TEXT NOT NULL,
    "EventType" TEXT NOT NULL,
    "CaseCode" TEXT NOT NULL,
    "PayloadJson" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "QueuedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LastAttemptAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "DeliveredAt" INTEGER NULL
);

CREATE UNIQUE INDEX "IX_outbox_messages_EventId_Webhook" ON "outbox_messages" ("EventId", "Webhook");
CREATE INDEX "IX_outbox_messages_State_NextAttemptAt" ON "outbox_messages" ("State", "NextAttemptAt");
CREATE INDEX "IX_outbox_messages_Webhook_CaseCode_Id" ON "outbox_messages" ("Webhook", "CaseCode", "Id");
