-- CreateTable
CREATE TABLE "TrackerScan" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "pages" TEXT NOT NULL,
    "trackers" TEXT NOT NULL,
    "unattributed" TEXT NOT NULL,
    "rules" TEXT NOT NULL,

    CONSTRAINT "TrackerScan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrackerScan_shop_scannedAt_idx" ON "TrackerScan"("shop", "scannedAt");

