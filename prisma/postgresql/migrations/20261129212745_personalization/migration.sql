-- CreateTable
CREATE TABLE "PurchaseLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "customerRef" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPrice" DOUBLE PRECISION NOT NULL,
    "purchasedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurchaseLine_pkey" PRIMARY KEY ("shop","orderId","line")
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
    "probabilityAlive" DOUBLE PRECISION,
    "expectedPurchases90d" DOUBLE PRECISION,
    "predictedValue12m" DOUBLE PRECISION,
    "recommendedProducts" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "writtenBack" TEXT,
    "writtenBackAt" TIMESTAMP(3),

    CONSTRAINT "CustomerInsight_pkey" PRIMARY KEY ("shop","customerRef")
);

-- CreateTable
CREATE TABLE "ShopModel" (
    "shop" TEXT NOT NULL,
    "fittedAt" TIMESTAMP(3) NOT NULL,
    "model" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,

    CONSTRAINT "ShopModel_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ProductAffinity" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "neighbours" TEXT NOT NULL,
    "boughtTogether" TEXT NOT NULL,
    "writtenBack" TEXT,

    CONSTRAINT "ProductAffinity_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateIndex
CREATE INDEX "PurchaseLine_shop_customerRef_idx" ON "PurchaseLine"("shop", "customerRef");

-- CreateIndex
CREATE INDEX "CustomerInsight_shop_rfmGroup_idx" ON "CustomerInsight"("shop", "rfmGroup");

