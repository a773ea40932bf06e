-- CreateTable
CREATE TABLE "RetentionSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "inactiveCustomerMonths" INTEGER NOT NULL,
    "consentReceiptDays" INTEGER NOT NULL,
    "exportDays" INTEGER NOT NULL,
    "auditDays" INTEGER NOT NULL,
    "inboxDays" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditChainAnchor" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SecurityEventCount" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "kind", "minute")
);

-- CreateIndex
CREATE INDEX "SecurityEventCount_minute_idx" ON "SecurityEventCount"("minute");

