-- AlterTable
ALTER TABLE "VideoJob" ADD COLUMN "submitUnansweredSince" DATETIME;

