-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedBy" UUID;

-- CreateIndex
CREATE INDEX "Alert_resolvedAt_at_idx" ON "Alert"("resolvedAt", "at");
