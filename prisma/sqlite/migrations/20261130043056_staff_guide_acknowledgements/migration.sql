-- CreateTable
CREATE TABLE "StaffGuideAcknowledgement" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "guideVersion" INTEGER NOT NULL,
    "acknowledgedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "userId", "guideVersion")
);

