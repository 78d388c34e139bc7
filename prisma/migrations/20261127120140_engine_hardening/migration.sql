-- CreateTable
CREATE TABLE "RunEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunData" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("runId", "key"),
    CONSTRAINT "RunData_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "versionId" TEXT,
    "versionNumber" INTEGER,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "graphSnapshot" TEXT,
    "conditionsSnapshot" TEXT,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "triggerType" TEXT NOT NULL,
    "triggerData" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT '{}',
    "conditionsResult" TEXT,
    "error" TEXT,
    "errorCode" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "parentRunId" TEXT,
    "parentNodeId" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseToken" TEXT,
    "leaseExpiresAt" DATETIME,
    "wakeAt" DATETIME,
    "waitKind" TEXT,
    "waitTokenHash" TEXT,
    "claimCount" INTEGER NOT NULL DEFAULT 0,
    "takeovers" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "failedStepCount" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Run_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("automationId", "cancelRequested", "claimCount", "conditionsResult", "conditionsSnapshot", "createdAt", "createdById", "depth", "error", "errorCode", "failedStepCount", "finishedAt", "graphSnapshot", "id", "idempotencyKey", "isTest", "leaseExpiresAt", "leaseOwner", "leaseToken", "parentNodeId", "parentRunId", "startedAt", "state", "status", "stepCount", "triggerData", "triggerType", "updatedAt", "versionId", "versionNumber", "waitKind", "waitTokenHash", "wakeAt", "workspaceId") SELECT "automationId", "cancelRequested", "claimCount", "conditionsResult", "conditionsSnapshot", "createdAt", "createdById", "depth", "error", "errorCode", "failedStepCount", "finishedAt", "graphSnapshot", "id", "idempotencyKey", "isTest", "leaseExpiresAt", "leaseOwner", "leaseToken", "parentNodeId", "parentRunId", "startedAt", "state", "status", "stepCount", "triggerData", "triggerType", "updatedAt", "versionId", "versionNumber", "waitKind", "waitTokenHash", "wakeAt", "workspaceId" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_status_priority_createdAt_idx" ON "Run"("status", "priority" DESC, "createdAt");
CREATE INDEX "Run_workspaceId_createdAt_idx" ON "Run"("workspaceId", "createdAt");
CREATE INDEX "Run_automationId_createdAt_idx" ON "Run"("automationId", "createdAt");
CREATE INDEX "Run_status_wakeAt_idx" ON "Run"("status", "wakeAt");
CREATE INDEX "Run_status_leaseExpiresAt_idx" ON "Run"("status", "leaseExpiresAt");
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId");
CREATE INDEX "Run_waitTokenHash_idx" ON "Run"("waitTokenHash");
CREATE UNIQUE INDEX "Run_workspaceId_idempotencyKey_key" ON "Run"("workspaceId", "idempotencyKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RunEvent_runId_at_idx" ON "RunEvent"("runId", "at");
