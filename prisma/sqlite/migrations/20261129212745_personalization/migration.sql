-- CreateTable
CREATE TABLE "PurchaseLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "customerRef" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPrice" REAL NOT NULL,
    "purchasedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId", "line")
);

-- CreateTable
CREATE TABLE "CustomerInsight" (
    "shop" TEXT NOT NULL,
    "customerRef" TEXT NOT NULL,
    "recency" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "monetary" INTEGER NOT NULL,
    "rfmGroup" TEXT NOT NULL,
    "cluster" INTEGER,
    "clusterLabel" TEXT,
    "probabilityAlive" REAL,
    "expectedPurchases90d" REAL,
    "predictedValue12m" REAL,
    "recommendedProducts" TEXT NOT NULL,
    "scoredAt" DATETIME NOT NULL,
    "writtenBack" TEXT,
    "writtenBackAt" DATETIME,

    PRIMARY KEY ("shop", "customerRef")
);

-- CreateTable
CREATE TABLE "ShopModel" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "fittedAt" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "customers" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "ProductAffinity" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "neighbours" TEXT NOT NULL,
    "boughtTogether" TEXT NOT NULL,
    "writtenBack" TEXT,

    PRIMARY KEY ("shop", "productId")
);

-- CreateIndex
CREATE INDEX "PurchaseLine_shop_customerRef_idx" ON "PurchaseLine"("shop", "customerRef");

-- CreateIndex
CREATE INDEX "CustomerInsight_shop_rfmGroup_idx" ON "CustomerInsight"("shop", "rfmGroup");

