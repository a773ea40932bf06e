-- CreateTable
CREATE TABLE "PurchaseLineBackfill" (
    "shop" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursorLine" INTEGER NOT NULL DEFAULT 0,
    "linesStored" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "PurchaseLineBackfill_pkey" PRIMARY KEY ("shop")
);

