-- CreateTable
CREATE TABLE "ShopCreditMonth" (
    "shop" TEXT NOT NULL,
    "month" DATETIME NOT NULL,
    "credits" INTEGER NOT NULL DEFAULT 0,
    "recounted" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("shop", "month")
);

