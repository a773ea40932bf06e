-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "sealedPayload" TEXT,
ADD COLUMN     "subjectRef" TEXT;

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "bulkOperationId" TEXT,
    "startedAt" TIMESTAMP(3),
    "cursorLine" INTEGER NOT NULL DEFAULT 0,
    "customersSynced" INTEGER NOT NULL DEFAULT 0,
    "ordersSynced" INTEGER NOT NULL DEFAULT 0,
    "lastFullSyncAt" TIMESTAMP(3),
    "lastWebhookAt" TIMESTAMP(3),
    "lastError" TEXT,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SyncSettings" (
    "shop" TEXT NOT NULL,
    "syncNames" BOOLEAN NOT NULL DEFAULT true,
    "syncPhone" BOOLEAN NOT NULL DEFAULT true,
    "syncAddress" BOOLEAN NOT NULL DEFAULT false,
    "syncNote" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_subjectRef_idx" ON "WebhookDelivery"("shop", "subjectRef");

