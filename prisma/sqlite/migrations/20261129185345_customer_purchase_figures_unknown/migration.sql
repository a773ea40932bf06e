-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sourceUpdatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,
    "state" TEXT,
    "ordersCount" INTEGER,
    "amountSpent" TEXT,
    "currency" TEXT,
    "emailMarketingState" TEXT,
    "smsMarketingState" TEXT,
    "dataSaleOptOut" BOOLEAN NOT NULL DEFAULT false,
    "encryptedEmail" TEXT,
    "encryptedPhone" TEXT,
    "encryptedFirstName" TEXT,
    "encryptedLastName" TEXT,
    "encryptedAddress" TEXT,
    "encryptedNote" TEXT,
    "emailIndex" TEXT,
    "phoneIndex" TEXT,

    PRIMARY KEY ("shop", "customerId")
);
INSERT INTO "new_Customer" ("amountSpent", "createdAt", "currency", "customerId", "dataSaleOptOut", "emailIndex", "emailMarketingState", "encryptedAddress", "encryptedEmail", "encryptedFirstName", "encryptedLastName", "encryptedNote", "encryptedPhone", "ordersCount", "phoneIndex", "shop", "smsMarketingState", "sourceUpdatedAt", "state", "syncedAt") SELECT "amountSpent", "createdAt", "currency", "customerId", "dataSaleOptOut", "emailIndex", "emailMarketingState", "encryptedAddress", "encryptedEmail", "encryptedFirstName", "encryptedLastName", "encryptedNote", "encryptedPhone", "ordersCount", "phoneIndex", "shop", "smsMarketingState", "sourceUpdatedAt", "state", "syncedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE INDEX "Customer_shop_emailIndex_idx" ON "Customer"("shop", "emailIndex");
CREATE INDEX "Customer_shop_phoneIndex_idx" ON "Customer"("shop", "phoneIndex");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Customers first stored from a webhook got the old defaults (0 orders, "0" spent) although Shopify
-- never reported them: where stored orders contradict the zero, the figure is unknown, not zero.
UPDATE "Customer" SET "ordersCount" = NULL, "amountSpent" = NULL
WHERE "ordersCount" = 0 AND EXISTS (SELECT 1 FROM "Order" WHERE "Order"."shop" = "Customer"."shop" AND "Order"."customerId" = "Customer"."customerId");
