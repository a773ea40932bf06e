-- CreateTable
CREATE TABLE "PrivacyHealthReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "checks" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "PrivacyHealthReport_shop_checkedAt_idx" ON "PrivacyHealthReport"("shop", "checkedAt");

