-- CreateTable
CREATE TABLE "ShopCreditMonth" (
    "shop" TEXT NOT NULL,
    "month" TIMESTAMP(3) NOT NULL,
    "credits" INTEGER NOT NULL DEFAULT 0,
    "recounted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ShopCreditMonth_pkey" PRIMARY KEY ("shop","month")
);

