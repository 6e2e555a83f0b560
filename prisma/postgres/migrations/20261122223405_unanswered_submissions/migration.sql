-- AlterTable
ALTER TABLE "VideoJob" ADD COLUMN     "submitUnansweredSince" TIMESTAMP(3);

