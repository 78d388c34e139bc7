-- AlterTable
ALTER TABLE "Run" ADD COLUMN "dedupeKey" TEXT;
ALTER TABLE "Run" ADD COLUMN "sourceId" TEXT;

-- CreateTable
CREATE TABLE "AutomationTrigger" (
    "automationId" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "eventType" TEXT,
    "filters" TEXT NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "versionId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AutomationTrigger_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "methods" TEXT NOT NULL DEFAULT '["POST"]',
    "authMode" TEXT NOT NULL DEFAULT 'none',
    "headerName" TEXT,
    "secretEnc" TEXT,
    "secretSetAt" DATETIME,
    "responseMode" TEXT NOT NULL DEFAULT 'immediate',
    "waitTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "rateLimit" INTEGER NOT NULL DEFAULT 600,
    "maxBodyBytes" INTEGER NOT NULL DEFAULT 1048576,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookEndpoint_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "startAt" DATETIME,
    "endAt" DATETIME,
    "maxRuns" INTEGER,
    "fireCount" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "nextFireAt" DATETIME,
    "lastFiredAt" DATETIME,
    "lastStatus" TEXT,
    "missedPolicy" TEXT NOT NULL DEFAULT 'once',
    "payload" TEXT NOT NULL DEFAULT '{}',
    "audience" TEXT,
    "targetAutomationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleFire" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "firedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL DEFAULT 'tick',
    "audienceSize" INTEGER NOT NULL DEFAULT 1,
    "runsStarted" INTEGER NOT NULL DEFAULT 0,
    "runsFailed" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'OK',
    "error" TEXT,
    CONSTRAINT "ScheduleFire_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT,
    "source" TEXT NOT NULL DEFAULT 'api',
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CustomEventType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "samplePayload" TEXT NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AutomationTrigger_workspaceId_type_eventType_active_idx" ON "AutomationTrigger"("workspaceId", "type", "eventType", "active");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEndpoint_automationId_key" ON "WebhookEndpoint"("automationId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEndpoint_token_key" ON "WebhookEndpoint"("token");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_workspaceId_idx" ON "WebhookEndpoint"("workspaceId");

-- CreateIndex
CREATE INDEX "Schedule_active_nextFireAt_idx" ON "Schedule"("active", "nextFireAt");

-- CreateIndex
CREATE INDEX "Schedule_workspaceId_idx" ON "Schedule"("workspaceId");

-- CreateIndex
CREATE INDEX "Schedule_automationId_idx" ON "Schedule"("automationId");

-- CreateIndex
CREATE INDEX "ScheduleFire_scheduleId_firedAt_idx" ON "ScheduleFire"("scheduleId", "firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleFire_scheduleId_scheduledFor_key" ON "ScheduleFire"("scheduleId", "scheduledFor");

-- CreateIndex
CREATE INDEX "Event_workspaceId_createdAt_idx" ON "Event"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "Event_workspaceId_type_createdAt_idx" ON "Event"("workspaceId", "type", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_workspaceId_idempotencyKey_key" ON "Event"("workspaceId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "CustomEventType_workspaceId_name_key" ON "CustomEventType"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "Run_sourceId_idx" ON "Run"("sourceId");

-- CreateIndex
CREATE INDEX "Run_automationId_dedupeKey_idx" ON "Run"("automationId", "dedupeKey");
