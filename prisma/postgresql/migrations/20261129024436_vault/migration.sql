-- CreateTable
CREATE TABLE "VaultShopKey" (
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "kekId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "VaultShopKey_pkey" PRIMARY KEY ("shop","version")
);

-- CreateTable
CREATE TABLE "VaultIndexKey" (
    "shop" TEXT NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "kekId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VaultIndexKey_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "VaultCustomerKey" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "shopKeyVersion" INTEGER NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VaultCustomerKey_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "VaultKeyRotation" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "toVersion" INTEGER NOT NULL,
    "cursor" TEXT,
    "rewrapped" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "VaultKeyRotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sourceUpdatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "amountSpent" TEXT NOT NULL DEFAULT '0',
    "currency" TEXT,
    "emailMarketingState" TEXT,
    "smsMarketingState" TEXT,
    "dataSaleOptOut" BOOLEAN NOT NULL DEFAULT false,
    "encryptedEmail" TEXT,
    "encryptedPhone" TEXT,
    "encryptedFirstName" TEXT,
    "encryptedLastName" TEXT,
    "encryptedAddress" TEXT,
    "encryptedNote" TEXT,
    "emailIndex" TEXT,
    "phoneIndex" TEXT,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "sourceUpdatedAt" TIMESTAMP(3) NOT NULL,
    "processedAt" TIMESTAMP(3),
    "totalPrice" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "financialStatus" TEXT,
    "lineItems" TEXT NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateIndex
CREATE INDEX "VaultCustomerKey_shop_shopKeyVersion_customerId_idx" ON "VaultCustomerKey"("shop", "shopKeyVersion", "customerId");

-- CreateIndex
CREATE INDEX "VaultKeyRotation_shop_finishedAt_idx" ON "VaultKeyRotation"("shop", "finishedAt");

-- CreateIndex
CREATE INDEX "Customer_shop_emailIndex_idx" ON "Customer"("shop", "emailIndex");

-- CreateIndex
CREATE INDEX "Customer_shop_phoneIndex_idx" ON "Customer"("shop", "phoneIndex");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

