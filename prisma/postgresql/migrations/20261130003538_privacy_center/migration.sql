-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'shopify';

-- CreateTable
CREATE TABLE "StorefrontLink" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "requestId" TEXT,
    "subjectRef" TEXT,
    "sealedClaim" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "StorefrontLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StorefrontLink_shop_subjectRef_idx" ON "StorefrontLink"("shop", "subjectRef");

-- CreateIndex
CREATE INDEX "StorefrontLink_expiresAt_idx" ON "StorefrontLink"("expiresAt");

