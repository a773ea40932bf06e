-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "emailMarketingUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "smsMarketingUpdatedAt" TIMESTAMP(3);

