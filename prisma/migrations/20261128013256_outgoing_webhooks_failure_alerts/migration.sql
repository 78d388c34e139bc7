-- AlterTable
ALTER TABLE "Automation" ADD COLUMN "failureAlerts" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "failureAlerts" TEXT;

-- CreateTable
CREATE TABLE "OutgoingWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '[]',
    "secretEnc" TEXT NOT NULL,
    "secretSetAt" DATETIME NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutgoingWebhookAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "runId" TEXT,
    "stepKey" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "statusCode" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "requestExcerpt" TEXT,
    "responseExcerpt" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FailureAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "error" TEXT,
    "failedAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "digestId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FailureAlertCursor" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "scannedTo" DATETIME NOT NULL,
    "lastDigestAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "OutgoingWebhook_workspaceId_idx" ON "OutgoingWebhook"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "OutgoingWebhook_workspaceId_name_key" ON "OutgoingWebhook"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "OutgoingWebhookAttempt_webhookId_createdAt_idx" ON "OutgoingWebhookAttempt"("webhookId", "createdAt");

-- CreateIndex
CREATE INDEX "OutgoingWebhookAttempt_workspaceId_createdAt_idx" ON "OutgoingWebhookAttempt"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FailureAlert_runId_key" ON "FailureAlert"("runId");

-- CreateIndex
CREATE INDEX "FailureAlert_workspaceId_sentAt_idx" ON "FailureAlert"("workspaceId", "sentAt");
