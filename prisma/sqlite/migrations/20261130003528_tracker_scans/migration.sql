-- CreateTable
CREATE TABLE "TrackerScan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "scannedAt" DATETIME NOT NULL,
    "method" TEXT NOT NULL,
    "pages" TEXT NOT NULL,
    "trackers" TEXT NOT NULL,
    "unattributed" TEXT NOT NULL,
    "rules" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "TrackerScan_shop_scannedAt_idx" ON "TrackerScan"("shop", "scannedAt");

