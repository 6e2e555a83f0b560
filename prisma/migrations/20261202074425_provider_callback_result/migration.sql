-- AlterTable
ALTER TABLE "ProviderCallback" ADD COLUMN "result" TEXT;

