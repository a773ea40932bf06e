-- CreateTable
CREATE TABLE "StaffPermission" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mayReveal" BOOLEAN NOT NULL DEFAULT false,
    "grantedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffPermission_pkey" PRIMARY KEY ("shop","userId")
);

-- CreateTable
CREATE TABLE "StaffMfa" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sealedSecret" TEXT,
    "pendingSecret" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "lastStep" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "stepUpUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMfa_pkey" PRIMARY KEY ("shop","userId")
);

-- CreateTable
CREATE TABLE "StaffRecoveryCode" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "StaffRecoveryCode_pkey" PRIMARY KEY ("shop","userId","codeHash")
);

-- CreateTable
CREATE TABLE "ShopMfaPolicy" (
    "shop" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopMfaPolicy_pkey" PRIMARY KEY ("shop")
);

