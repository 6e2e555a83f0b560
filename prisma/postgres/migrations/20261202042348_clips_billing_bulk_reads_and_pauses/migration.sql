-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "aiAltText" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "fidelityThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.6,
ADD COLUMN     "ianaTimezone" TEXT,
ADD COLUMN     "publishingPausedUntil" TIMESTAMP(3),
ADD COLUMN     "sendingPausedAt" TIMESTAMP(3),
ADD COLUMN     "sendingPausedReason" TEXT;

-- AlterTable
ALTER TABLE "Batch" ADD COLUMN     "failedReason" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ready';

-- AlterTable
ALTER TABLE "VideoJob" ADD COLUMN     "clipBytes" INTEGER,
ADD COLUMN     "clipCheckedAt" TIMESTAMP(3),
ADD COLUMN     "clipKey" TEXT,
ADD COLUMN     "clipRemovedAt" TIMESTAMP(3),
ADD COLUMN     "fidelityNote" TEXT,
ADD COLUMN     "fidelityScore" DOUBLE PRECISION,
ADD COLUMN     "mediaChecks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pausedReason" TEXT,
ADD COLUMN     "posterKey" TEXT,
ADD COLUMN     "rerenders" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CatalogRead" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CatalogRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopBilling" (
    "shop" TEXT NOT NULL,
    "plan" TEXT NOT NULL DEFAULT 'usage',
    "subscriptionId" TEXT,
    "status" TEXT,
    "cappedAmountCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "balanceUsedCents" INTEGER NOT NULL DEFAULT 0,
    "approachingCapAt" TIMESTAMP(3),
    "currentPeriodEnd" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopBilling_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "UsageCharge" (
    "jobId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "usageRecordId" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedAt" TIMESTAMP(3),

    CONSTRAINT "UsageCharge_pkey" PRIMARY KEY ("jobId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogRead_batchId_key" ON "CatalogRead"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogRead_bulkOperationId_key" ON "CatalogRead"("bulkOperationId");

-- CreateIndex
CREATE INDEX "CatalogRead_shop_status_idx" ON "CatalogRead"("shop", "status");

-- CreateIndex
CREATE INDEX "CatalogRead_status_createdAt_idx" ON "CatalogRead"("status", "createdAt");

-- CreateIndex
CREATE INDEX "UsageCharge_shop_createdAt_idx" ON "UsageCharge"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "UsageCharge_status_createdAt_idx" ON "UsageCharge"("status", "createdAt");

