-- AlterTable
ALTER TABLE "Automation" ADD COLUMN     "failureAlerts" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "failureAlerts" TEXT;

-- CreateTable
CREATE TABLE "OutgoingWebhook" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '[]',
    "secretEnc" TEXT NOT NULL,
    "secretSetAt" TIMESTAMP(3) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutgoingWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingWebhookAttempt" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutgoingWebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FailureAlert" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "error" TEXT,
    "failedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "digestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FailureAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FailureAlertCursor" (
    "workspaceId" TEXT NOT NULL,
    "scannedTo" TIMESTAMP(3) NOT NULL,
    "lastDigestAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FailureAlertCursor_pkey" PRIMARY KEY ("workspaceId")
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
