-- CreateTable
CREATE TABLE "StorefrontLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "requestId" TEXT,
    "subjectRef" TEXT,
    "sealedClaim" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "customerId" TEXT,
    "subjectRef" TEXT,
    "subjectSealed" TEXT,
    "orderIds" TEXT NOT NULL DEFAULT '[]',
    "shopifyDataRequestId" TEXT,
    "status" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME,
    "erasureProgress" TEXT,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "result" TEXT,
    "source" TEXT NOT NULL DEFAULT 'shopify'
);
INSERT INTO "new_PrivacyRequest" ("attempts", "completedAt", "customerId", "deliveryId", "dueAt", "erasureProgress", "id", "lastError", "nextAttemptAt", "orderIds", "receivedAt", "result", "shop", "shopifyDataRequestId", "startedAt", "status", "subjectRef", "subjectSealed", "type") SELECT "attempts", "completedAt", "customerId", "deliveryId", "dueAt", "erasureProgress", "id", "lastError", "nextAttemptAt", "orderIds", "receivedAt", "result", "shop", "shopifyDataRequestId", "startedAt", "status", "subjectRef", "subjectSealed", "type" FROM "PrivacyRequest";
DROP TABLE "PrivacyRequest";
ALTER TABLE "new_PrivacyRequest" RENAME TO "PrivacyRequest";
CREATE UNIQUE INDEX "PrivacyRequest_deliveryId_key" ON "PrivacyRequest"("deliveryId");
CREATE INDEX "PrivacyRequest_shop_status_idx" ON "PrivacyRequest"("shop", "status");
CREATE INDEX "PrivacyRequest_shop_receivedAt_idx" ON "PrivacyRequest"("shop", "receivedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StorefrontLink_shop_subjectRef_idx" ON "StorefrontLink"("shop", "subjectRef");

-- CreateIndex
CREATE INDEX "StorefrontLink_expiresAt_idx" ON "StorefrontLink"("expiresAt");

