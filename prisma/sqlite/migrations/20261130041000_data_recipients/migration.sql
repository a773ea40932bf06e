-- CreateTable
CREATE TABLE "DataRecipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "transferMechanism" TEXT NOT NULL,
    "agreementSignedAt" DATETIME,
    "agreementExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DataRecipient_shop_name_idx" ON "DataRecipient"("shop", "name");

