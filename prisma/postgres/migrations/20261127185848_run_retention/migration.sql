-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "runRetentionDays" INTEGER;
