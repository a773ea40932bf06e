-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sealedPayload" TEXT,
    "subjectRef" TEXT,
    "pendingEffects" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_WebhookDelivery" ("id", "receivedAt", "sealedPayload", "shop", "subjectRef", "topic", "triggeredAt") SELECT "id", "receivedAt", "sealedPayload", "shop", "subjectRef", "topic", "triggeredAt" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_shop_idx" ON "WebhookDelivery"("shop");
CREATE INDEX "WebhookDelivery_shop_subjectRef_idx" ON "WebhookDelivery"("shop", "subjectRef");
CREATE INDEX "WebhookDelivery_pendingEffects_idx" ON "WebhookDelivery"("pendingEffects");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

