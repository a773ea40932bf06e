-- CreateTable
CREATE TABLE "VaultPurposeKey" (
    "purpose" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "kekId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VaultPurposeKey_pkey" PRIMARY KEY ("purpose","version")
);

