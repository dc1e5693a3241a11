-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "deliveryAttempts" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "nextDeliveryAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Alert_deliveredAt_nextDeliveryAt_idx" ON "Alert"("deliveredAt", "nextDeliveryAt");
