-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
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
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "result" TEXT
);

-- CreateTable
CREATE TABLE "PrivacyRequestEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "detail" TEXT,
    CONSTRAINT "PrivacyRequestEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PrivacyRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "downloadedAt" DATETIME,
    CONSTRAINT "DataExport_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PrivacyRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RedactionReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopRef" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "subjectRef" TEXT,
    "erased" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL,
    "digest" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectRef" TEXT,
    "detail" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_idx" ON "WebhookDelivery"("shop");

-- CreateIndex
CREATE INDEX "OutboxMessage_relayedAt_availableAt_idx" ON "OutboxMessage"("relayedAt", "availableAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_shop_idx" ON "OutboxMessage"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_deliveryId_key" ON "PrivacyRequest"("deliveryId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shop_status_idx" ON "PrivacyRequest"("shop", "status");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shop_receivedAt_idx" ON "PrivacyRequest"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequestEvent_requestId_at_idx" ON "PrivacyRequestEvent"("requestId", "at");

-- CreateIndex
CREATE INDEX "DataExport_expiresAt_idx" ON "DataExport"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DataExport_requestId_format_key" ON "DataExport"("requestId", "format");

-- CreateIndex
CREATE UNIQUE INDEX "RedactionReceipt_triggerId_key" ON "RedactionReceipt"("triggerId");

-- CreateIndex
CREATE INDEX "RedactionReceipt_shopRef_erasedAt_idx" ON "RedactionReceipt"("shopRef", "erasedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_shop_subjectRef_idx" ON "AuditEvent"("shop", "subjectRef");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_shop_seq_key" ON "AuditEvent"("shop", "seq");

