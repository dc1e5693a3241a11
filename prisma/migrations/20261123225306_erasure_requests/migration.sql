-- CreateTable
CREATE TABLE "ErasureRequest" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "requestedBy" UUID NOT NULL,
    "caseRef" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "decidedBy" UUID,
    "decidedAt" TIMESTAMP(3),
    "auditEventId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ErasureRequest_status_createdAt_idx" ON "ErasureRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ErasureRequest_customerId_idx" ON "ErasureRequest"("customerId");

-- CreateIndex
CREATE INDEX "ErasureRequest_requestedBy_createdAt_idx" ON "ErasureRequest"("requestedBy", "createdAt");
