-- CreateTable
CREATE TABLE "SessionKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "wrappedKey" TEXT NOT NULL,
    "kekId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

