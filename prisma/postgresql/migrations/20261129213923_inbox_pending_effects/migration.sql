-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "pendingEffects" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "WebhookDelivery_pendingEffects_idx" ON "WebhookDelivery"("pendingEffects");

