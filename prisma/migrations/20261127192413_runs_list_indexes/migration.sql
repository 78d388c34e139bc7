-- Runs lists: Run.skippedStepCount (maintained by the engine when a run finishes) and
-- keyset indexes for (createdAt, id) newest-first lists, alone and per automation,
-- status and trigger type. ADD COLUMN instead of a table rebuild: no copy of the Run table.

-- DropIndex
DROP INDEX "Run_automationId_createdAt_idx";

-- DropIndex
DROP INDEX "Run_workspaceId_createdAt_idx";

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "skippedStepCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Run_workspaceId_createdAt_id_idx" ON "Run"("workspaceId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_automationId_createdAt_id_idx" ON "Run"("automationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_workspaceId_status_createdAt_id_idx" ON "Run"("workspaceId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_workspaceId_triggerType_createdAt_id_idx" ON "Run"("workspaceId", "triggerType", "createdAt", "id");
