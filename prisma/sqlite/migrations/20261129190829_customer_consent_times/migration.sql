-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "emailMarketingUpdatedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "smsMarketingUpdatedAt" DATETIME;

