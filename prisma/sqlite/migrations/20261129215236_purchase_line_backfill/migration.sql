-- CreateTable
CREATE TABLE "PurchaseLineBackfill" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "operationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursorLine" INTEGER NOT NULL DEFAULT 0,
    "linesStored" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "lastError" TEXT
);

