-- CreateTable
CREATE TABLE "AlertSetting" (
    "key" VARCHAR(64) NOT NULL,
    "value" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" UUID,

    CONSTRAINT "AlertSetting_pkey" PRIMARY KEY ("key")
);
