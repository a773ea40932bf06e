-- CreateTable
CREATE TABLE "StaffPermission" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mayReveal" BOOLEAN NOT NULL DEFAULT false,
    "grantedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "userId")
);

-- CreateTable
CREATE TABLE "StaffMfa" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sealedSecret" TEXT,
    "pendingSecret" TEXT,
    "confirmedAt" DATETIME,
    "lastStep" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "stepUpUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "userId")
);

-- CreateTable
CREATE TABLE "StaffRecoveryCode" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,

    PRIMARY KEY ("shop", "userId", "codeHash")
);

-- CreateTable
CREATE TABLE "ShopMfaPolicy" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

