-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
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
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "jobCount" INTEGER NOT NULL DEFAULT 0,
    "stoppedReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoJob" (
    "id" TEXT NOT NULL,
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
    "submitAttempts" INTEGER NOT NULL DEFAULT 0,
    "estimatedCredits" INTEGER NOT NULL DEFAULT 0,
    "credits" INTEGER,
    "outputUrl" TEXT,
    "modelActual" TEXT,
    "failoverUsed" BOOLEAN NOT NULL DEFAULT false,
    "stagedTarget" TEXT,
    "stagedResourceUrl" TEXT,
    "mediaId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "renderStartedAt" TIMESTAMP(3),
    "renderedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VideoJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobEvent" (
    "id" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderCallback" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "deliveryKey" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "ProviderCallback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Batch_shop_createdAt_idx" ON "Batch"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "VideoJob_generationId_idx" ON "VideoJob"("generationId");

-- CreateIndex
CREATE INDEX "VideoJob_shop_status_createdAt_idx" ON "VideoJob"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "VideoJob_batchId_status_idx" ON "VideoJob"("batchId", "status");

-- CreateIndex
CREATE INDEX "VideoJob_status_shop_idx" ON "VideoJob"("status", "shop");

-- CreateIndex
CREATE INDEX "VideoJob_status_updatedAt_idx" ON "VideoJob"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "VideoJob_shop_requestKey_idx" ON "VideoJob"("shop", "requestKey");

-- CreateIndex
CREATE INDEX "VideoJob_shop_productId_idx" ON "VideoJob"("shop", "productId");

-- CreateIndex
CREATE INDEX "VideoJob_shop_submittedAt_idx" ON "VideoJob"("shop", "submittedAt");

-- CreateIndex
CREATE INDEX "JobEvent_jobId_at_idx" ON "JobEvent"("jobId", "at");

-- CreateIndex
CREATE INDEX "JobEvent_shop_idx" ON "JobEvent"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderCallback_deliveryKey_key" ON "ProviderCallback"("deliveryKey");

-- CreateIndex
CREATE INDEX "ProviderCallback_generationId_idx" ON "ProviderCallback"("generationId");

-- CreateIndex
CREATE INDEX "ProviderCallback_appliedAt_receivedAt_idx" ON "ProviderCallback"("appliedAt", "receivedAt");

-- AddForeignKey
ALTER TABLE "VideoJob" ADD CONSTRAINT "VideoJob_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobEvent" ADD CONSTRAINT "JobEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "VideoJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

