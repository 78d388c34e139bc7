-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "sourceId" TEXT;

-- CreateTable
CREATE TABLE "AutomationTrigger" (
    "automationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "eventType" TEXT,
    "filters" TEXT NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "versionId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationTrigger_pkey" PRIMARY KEY ("automationId")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "methods" TEXT NOT NULL DEFAULT '["POST"]',
    "authMode" TEXT NOT NULL DEFAULT 'none',
    "headerName" TEXT,
    "secretEnc" TEXT,
    "secretSetAt" TIMESTAMP(3),
    "responseMode" TEXT NOT NULL DEFAULT 'immediate',
    "waitTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "rateLimit" INTEGER NOT NULL DEFAULT 600,
    "maxBodyBytes" INTEGER NOT NULL DEFAULT 1048576,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "startAt" TIMESTAMP(3),
    "endAt" TIMESTAMP(3),
    "maxRuns" INTEGER,
    "fireCount" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "nextFireAt" TIMESTAMP(3),
    "lastFiredAt" TIMESTAMP(3),
    "lastStatus" TEXT,
    "missedPolicy" TEXT NOT NULL DEFAULT 'once',
    "payload" TEXT NOT NULL DEFAULT '{}',
    "audience" TEXT,
    "targetAutomationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleFire" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL DEFAULT 'tick',
    "audienceSize" INTEGER NOT NULL DEFAULT 1,
    "runsStarted" INTEGER NOT NULL DEFAULT 0,
    "runsFailed" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'OK',
    "error" TEXT,

    CONSTRAINT "ScheduleFire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT,
    "source" TEXT NOT NULL DEFAULT 'api',
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomEventType" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "samplePayload" TEXT NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomEventType_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "AutomationTrigger" ADD CONSTRAINT "AutomationTrigger_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleFire" ADD CONSTRAINT "ScheduleFire_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
