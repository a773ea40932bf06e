-- CreateTable
CREATE TABLE "ConsentReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "customerRef" TEXT,
    "analytics" BOOLEAN NOT NULL,
    "marketing" BOOLEAN NOT NULL,
    "preferences" BOOLEAN NOT NULL,
    "saleOfData" BOOLEAN NOT NULL,
    "region" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "declaredAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "path" TEXT NOT NULL,
    "ipHash" TEXT
);

-- CreateIndex
CREATE INDEX "ConsentReceipt_shop_customerRef_recordedAt_idx" ON "ConsentReceipt"("shop", "customerRef", "recordedAt");

-- CreateIndex
CREATE INDEX "ConsentReceipt_shop_consentId_recordedAt_idx" ON "ConsentReceipt"("shop", "consentId", "recordedAt");

-- CreateIndex
CREATE INDEX "ConsentReceipt_recordedAt_idx" ON "ConsentReceipt"("recordedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentReceipt_shop_requestKey_key" ON "ConsentReceipt"("shop", "requestKey");

