-- CreateTable
CREATE TABLE "DataRecipient" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "transferMechanism" TEXT NOT NULL,
    "agreementSignedAt" TIMESTAMP(3),
    "agreementExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataRecipient_shop_name_idx" ON "DataRecipient"("shop", "name");

