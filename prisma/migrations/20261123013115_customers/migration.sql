-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "targetIds" VARCHAR(64)[];

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "dataKeyWrapped" BYTEA NOT NULL,
    "dataKeyId" VARCHAR(32) NOT NULL,
    "fullNameEnc" BYTEA NOT NULL,
    "nameIdx" VARCHAR(16)[],
    "emailEnc" BYTEA NOT NULL,
    "emailIdx" VARCHAR(32) NOT NULL,
    "phoneEnc" BYTEA NOT NULL,
    "dateOfBirthEnc" BYTEA NOT NULL,
    "nationalIdEnc" BYTEA NOT NULL,
    "nationalIdIdx" VARCHAR(32) NOT NULL,
    "panEnc" BYTEA NOT NULL,
    "panIdx" VARCHAR(32) NOT NULL,
    "panLast4" VARCHAR(4) NOT NULL,
    "ibanEnc" BYTEA NOT NULL,
    "ibanIdx" VARCHAR(32) NOT NULL,
    "addressLineEnc" BYTEA NOT NULL,
    "postcodeEnc" BYTEA NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" UUID,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevealRequest" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "field" VARCHAR(32) NOT NULL,
    "requestedBy" UUID NOT NULL,
    "purpose" VARCHAR(48) NOT NULL,
    "purposeText" VARCHAR(200),
    "status" VARCHAR(16) NOT NULL,
    "decidedBy" UUID,
    "decidedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RevealRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyRotation" (
    "id" UUID NOT NULL,
    "toKeyId" VARCHAR(32) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "rewrapped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KeyRotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Customer_emailIdx_idx" ON "Customer"("emailIdx");

-- CreateIndex
CREATE INDEX "Customer_nationalIdIdx_idx" ON "Customer"("nationalIdIdx");

-- CreateIndex
CREATE INDEX "Customer_panIdx_idx" ON "Customer"("panIdx");

-- CreateIndex
CREATE INDEX "Customer_ibanIdx_idx" ON "Customer"("ibanIdx");

-- CreateIndex
CREATE INDEX "Customer_nameIdx_idx" ON "Customer" USING GIN ("nameIdx");

-- CreateIndex
CREATE INDEX "Customer_createdAt_idx" ON "Customer"("createdAt");

-- CreateIndex
CREATE INDEX "RevealRequest_status_createdAt_idx" ON "RevealRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RevealRequest_requestedBy_status_idx" ON "RevealRequest"("requestedBy", "status");

-- AddForeignKey
ALTER TABLE "RevealRequest" ADD CONSTRAINT "RevealRequest_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
