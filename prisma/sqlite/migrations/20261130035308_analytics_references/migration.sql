-- AlterTable
ALTER TABLE "Order" ADD COLUMN "customerAnalyticsRef" TEXT;

-- AlterTable
ALTER TABLE "CustomerInsight" ADD COLUMN "analyticsRef" TEXT;

