-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN "sealedPayload" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "subjectRef" TEXT;

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "bulkOperationId" TEXT,
    "startedAt" DATETIME,
    "cursorLine" INTEGER NOT NULL DEFAULT 0,
    "customersSynced" INTEGER NOT NULL DEFAULT 0,
    "ordersSynced" INTEGER NOT NULL DEFAULT 0,
    "lastFullSyncAt" DATETIME,
    "lastWebhookAt" DATETIME,
    "lastError" TEXT,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "syncNames" BOOLEAN NOT NULL DEFAULT true,
    "syncPhone" BOOLEAN NOT NULL DEFAULT true,
    "syncAddress" BOOLEAN NOT NULL DEFAULT false,
    "syncNote" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_subjectRef_idx" ON "WebhookDelivery"("shop", "subjectRef");

