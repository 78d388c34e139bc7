-- AlterTable
ALTER TABLE "Run" ADD COLUMN "rerunOfRunId" TEXT;

-- CreateIndex
CREATE INDEX "Run_rerunOfRunId_idx" ON "Run"("rerunOfRunId");
