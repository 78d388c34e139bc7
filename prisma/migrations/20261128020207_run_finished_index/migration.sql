-- CreateIndex
CREATE INDEX "Run_workspaceId_status_finishedAt_id_idx" ON "Run"("workspaceId", "status", "finishedAt", "id");
