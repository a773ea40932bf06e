-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "erasureProgress" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

