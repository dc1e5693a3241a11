-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" VARCHAR(40) NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateSealed" VARCHAR(1000) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);
