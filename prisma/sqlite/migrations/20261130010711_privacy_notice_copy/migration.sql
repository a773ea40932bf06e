-- CreateTable
CREATE TABLE "PrivacyNoticeCopy" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "digest" TEXT NOT NULL,
    "copiedAt" DATETIME NOT NULL
);

