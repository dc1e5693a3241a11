-- Settings admins change in the app (audited, step-up), one row per setting: the sign-in policy
-- (which roles must use single sign-on) lives here.
CREATE TABLE "Setting" (
    "key" VARCHAR(64) NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" UUID,
    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);
