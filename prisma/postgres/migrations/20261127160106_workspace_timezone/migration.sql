-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC';
