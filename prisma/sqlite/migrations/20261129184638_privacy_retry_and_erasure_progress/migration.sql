-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN "erasureProgress" TEXT;
ALTER TABLE "PrivacyRequest" ADD COLUMN "nextAttemptAt" DATETIME;

