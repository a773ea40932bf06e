-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "ordersCount" DROP NOT NULL,
ALTER COLUMN "ordersCount" DROP DEFAULT,
ALTER COLUMN "amountSpent" DROP NOT NULL,
ALTER COLUMN "amountSpent" DROP DEFAULT;


-- Customers first stored from a webhook got the old defaults (0 orders, "0" spent) although Shopify
-- never reported them: where stored orders contradict the zero, the figure is unknown, not zero.
UPDATE "Customer" SET "ordersCount" = NULL, "amountSpent" = NULL
WHERE "ordersCount" = 0 AND EXISTS (SELECT 1 FROM "Order" WHERE "Order"."shop" = "Customer"."shop" AND "Order"."customerId" = "Customer"."customerId");
