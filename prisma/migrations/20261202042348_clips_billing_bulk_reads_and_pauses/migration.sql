-- CreateTable
CREATE TABLE "CatalogRead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "productCount" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ShopBilling" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "plan" TEXT NOT NULL DEFAULT 'usage',
    "subscriptionId" TEXT,
    "status" TEXT,
    "cappedAmountCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "balanceUsedCents" INTEGER NOT NULL DEFAULT 0,
    "approachingCapAt" DATETIME,
    "currentPeriodEnd" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UsageCharge" (
    "jobId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "usageRecordId" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL DEFAULT 'creativeai',
    "providerApiKey" TEXT,
    "providerKeyHint" TEXT,
    "defaultModel" TEXT NOT NULL DEFAULT 'kling-v3',
    "defaultDuration" INTEGER NOT NULL DEFAULT 5,
    "defaultAspectRatio" TEXT NOT NULL DEFAULT '16:9',
    "autoPublish" BOOLEAN NOT NULL DEFAULT true,
    "replacePreviousClip" BOOLEAN NOT NULL DEFAULT false,
    "putFirst" BOOLEAN NOT NULL DEFAULT false,
    "concurrencyCap" INTEGER NOT NULL DEFAULT 4,
    "monthlyCreditBudget" INTEGER NOT NULL DEFAULT 500,
    "promptTemplates" TEXT NOT NULL DEFAULT '{}',
    "fidelityThreshold" REAL NOT NULL DEFAULT 0.6,
    "aiAltText" BOOLEAN NOT NULL DEFAULT true,
    "ianaTimezone" TEXT,
    "sendingPausedReason" TEXT,
    "sendingPausedAt" DATETIME,
    "publishingPausedUntil" DATETIME,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("autoPublish", "concurrencyCap", "createdAt", "defaultAspectRatio", "defaultDuration", "defaultModel", "monthlyCreditBudget", "promptTemplates", "provider", "providerApiKey", "providerKeyHint", "putFirst", "replacePreviousClip", "shop", "uninstalledAt", "updatedAt") SELECT "autoPublish", "concurrencyCap", "createdAt", "defaultAspectRatio", "defaultDuration", "defaultModel", "monthlyCreditBudget", "promptTemplates", "provider", "providerApiKey", "providerKeyHint", "putFirst", "replacePreviousClip", "shop", "uninstalledAt", "updatedAt" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
CREATE TABLE "new_Batch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "jobCount" INTEGER NOT NULL DEFAULT 0,
    "stoppedReason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ready',
    "failedReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Batch" ("createdAt", "id", "jobCount", "shop", "source", "stoppedReason", "title") SELECT "createdAt", "id", "jobCount", "shop", "source", "stoppedReason", "title" FROM "Batch";
DROP TABLE "Batch";
ALTER TABLE "new_Batch" RENAME TO "Batch";
CREATE INDEX "Batch_shop_createdAt_idx" ON "Batch"("shop", "createdAt");
CREATE TABLE "new_VideoJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "variantId" TEXT,
    "sku" TEXT,
    "imageUrl" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "duration" INTEGER NOT NULL,
    "aspectRatio" TEXT NOT NULL,
    "targetSurface" TEXT,
    "requestKey" TEXT NOT NULL,
    "reusedFromJobId" TEXT,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "generationId" TEXT,
    "callbackToken" TEXT,
    "attemptNonce" TEXT,
    "submitAttempts" INTEGER NOT NULL DEFAULT 0,
    "submitUnansweredSince" DATETIME,
    "estimatedCredits" INTEGER NOT NULL DEFAULT 0,
    "credits" INTEGER,
    "outputUrl" TEXT,
    "modelActual" TEXT,
    "failoverUsed" BOOLEAN NOT NULL DEFAULT false,
    "stagedTarget" TEXT,
    "stagedResourceUrl" TEXT,
    "mediaId" TEXT,
    "mediaChecks" INTEGER NOT NULL DEFAULT 0,
    "pausedReason" TEXT,
    "clipKey" TEXT,
    "posterKey" TEXT,
    "clipBytes" INTEGER,
    "clipCheckedAt" DATETIME,
    "fidelityScore" REAL,
    "fidelityNote" TEXT,
    "clipRemovedAt" DATETIME,
    "rerenders" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    "renderStartedAt" DATETIME,
    "renderedAt" DATETIME,
    "publishedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "VideoJob_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_VideoJob" ("aspectRatio", "attemptNonce", "batchId", "callbackToken", "createdAt", "credits", "duration", "errorCode", "errorMessage", "estimatedCredits", "failoverUsed", "finishedAt", "generationId", "id", "imageUrl", "mediaId", "model", "modelActual", "outputUrl", "productId", "productTitle", "prompt", "provider", "publishedAt", "renderStartedAt", "renderedAt", "requestKey", "reusedFromJobId", "shop", "sku", "stagedResourceUrl", "stagedTarget", "status", "submitAttempts", "submitUnansweredSince", "submittedAt", "targetSurface", "updatedAt", "variantId") SELECT "aspectRatio", "attemptNonce", "batchId", "callbackToken", "createdAt", "credits", "duration", "errorCode", "errorMessage", "estimatedCredits", "failoverUsed", "finishedAt", "generationId", "id", "imageUrl", "mediaId", "model", "modelActual", "outputUrl", "productId", "productTitle", "prompt", "provider", "publishedAt", "renderStartedAt", "renderedAt", "requestKey", "reusedFromJobId", "shop", "sku", "stagedResourceUrl", "stagedTarget", "status", "submitAttempts", "submitUnansweredSince", "submittedAt", "targetSurface", "updatedAt", "variantId" FROM "VideoJob";
DROP TABLE "VideoJob";
ALTER TABLE "new_VideoJob" RENAME TO "VideoJob";
CREATE INDEX "VideoJob_generationId_idx" ON "VideoJob"("generationId");
CREATE INDEX "VideoJob_shop_status_createdAt_idx" ON "VideoJob"("shop", "status", "createdAt");
CREATE INDEX "VideoJob_batchId_status_idx" ON "VideoJob"("batchId", "status");
CREATE INDEX "VideoJob_status_shop_idx" ON "VideoJob"("status", "shop");
CREATE INDEX "VideoJob_status_updatedAt_idx" ON "VideoJob"("status", "updatedAt");
CREATE INDEX "VideoJob_shop_requestKey_idx" ON "VideoJob"("shop", "requestKey");
CREATE INDEX "VideoJob_shop_productId_idx" ON "VideoJob"("shop", "productId");
CREATE INDEX "VideoJob_shop_submittedAt_idx" ON "VideoJob"("shop", "submittedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

