-- CreateTable
CREATE TABLE "PrivacyNoticeCopy" (
    "shop" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "copiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrivacyNoticeCopy_pkey" PRIMARY KEY ("shop")
);

