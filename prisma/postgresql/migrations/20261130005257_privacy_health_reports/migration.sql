-- CreateTable
CREATE TABLE "PrivacyHealthReport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "checks" TEXT NOT NULL,

    CONSTRAINT "PrivacyHealthReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrivacyHealthReport_shop_checkedAt_idx" ON "PrivacyHealthReport"("shop", "checkedAt");

