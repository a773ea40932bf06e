-- CreateTable
CREATE TABLE "StaffGuideAcknowledgement" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "guideVersion" INTEGER NOT NULL,
    "acknowledgedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffGuideAcknowledgement_pkey" PRIMARY KEY ("shop","userId","guideVersion")
);

