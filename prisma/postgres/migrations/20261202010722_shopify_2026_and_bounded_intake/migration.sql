-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "refreshToken" TEXT,
ADD COLUMN     "refreshTokenExpires" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "VideoJob" ADD COLUMN     "attemptNonce" TEXT;

-- CreateTable
CREATE TABLE "HeldCallback" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "sourceAddress" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lookedUpAt" TIMESTAMP(3),

    CONSTRAINT "HeldCallback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopifyWebhook" (
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopifyWebhook_pkey" PRIMARY KEY ("webhookId")
);

-- CreateTable
CREATE TABLE "ShopTask" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ShopTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HeldCallback_generationId_idx" ON "HeldCallback"("generationId");

-- CreateIndex
CREATE INDEX "HeldCallback_expiresAt_idx" ON "HeldCallback"("expiresAt");

-- CreateIndex
CREATE INDEX "HeldCallback_sourceAddress_idx" ON "HeldCallback"("sourceAddress");

-- CreateIndex
CREATE UNIQUE INDEX "HeldCallback_provider_digest_key" ON "HeldCallback"("provider", "digest");

-- CreateIndex
CREATE INDEX "ShopifyWebhook_receivedAt_idx" ON "ShopifyWebhook"("receivedAt");

-- CreateIndex
CREATE INDEX "ShopTask_finishedAt_requestedAt_idx" ON "ShopTask"("finishedAt", "requestedAt");

-- CreateIndex
CREATE INDEX "ShopTask_shop_idx" ON "ShopTask"("shop");

