-- AlterTable
ALTER TABLE "Session" ADD COLUMN "refreshToken" TEXT;
ALTER TABLE "Session" ADD COLUMN "refreshTokenExpires" DATETIME;

-- AlterTable
ALTER TABLE "VideoJob" ADD COLUMN "attemptNonce" TEXT;

-- CreateTable
CREATE TABLE "HeldCallback" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "sourceAddress" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lookedUpAt" DATETIME
);

-- CreateTable
CREATE TABLE "ShopifyWebhook" (
    "webhookId" TEXT NOT NULL PRIMARY KEY,
    "topic" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ShopTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "finishedAt" DATETIME
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

