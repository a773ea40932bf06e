-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '{}',
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayedAt" DATETIME,
    "finishedAt" DATETIME,
    "deadAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);
INSERT INTO "new_OutboxMessage" ("attempts", "availableAt", "createdAt", "id", "job", "lastError", "payload", "queue", "relayedAt", "shop") SELECT "attempts", "availableAt", "createdAt", "id", "job", "lastError", "payload", "queue", "relayedAt", "shop" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_relayedAt_availableAt_idx" ON "OutboxMessage"("relayedAt", "availableAt");
CREATE INDEX "OutboxMessage_relayedAt_finishedAt_idx" ON "OutboxMessage"("relayedAt", "finishedAt");
CREATE INDEX "OutboxMessage_shop_idx" ON "OutboxMessage"("shop");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

UPDATE "OutboxMessage" SET "finishedAt" = "relayedAt" WHERE "relayedAt" IS NOT NULL;
