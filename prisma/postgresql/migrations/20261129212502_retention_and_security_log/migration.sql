-- CreateTable
CREATE TABLE "RetentionSettings" (
    "shop" TEXT NOT NULL,
    "inactiveCustomerMonths" INTEGER NOT NULL,
    "consentReceiptDays" INTEGER NOT NULL,
    "exportDays" INTEGER NOT NULL,
    "auditDays" INTEGER NOT NULL,
    "inboxDays" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "AuditChainAnchor" (
    "shop" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditChainAnchor_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SecurityEventCount" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "SecurityEventCount_pkey" PRIMARY KEY ("shop","kind","minute")
);

-- CreateIndex
CREATE INDEX "SecurityEventCount_minute_idx" ON "SecurityEventCount"("minute");

