-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "deadAt" TIMESTAMP(3),
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "options" TEXT NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "OutboxMessage_relayedAt_finishedAt_idx" ON "OutboxMessage"("relayedAt", "finishedAt");

UPDATE "OutboxMessage" SET "finishedAt" = "relayedAt" WHERE "relayedAt" IS NOT NULL;
