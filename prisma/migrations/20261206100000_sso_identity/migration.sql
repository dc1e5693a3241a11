-- Single sign-on: a user is matched to the identity provider's account by issuer and subject
-- (never by email alone); when they last signed in through it.
ALTER TABLE "User" ADD COLUMN "ssoIssuer" VARCHAR(300),
  ADD COLUMN "ssoSubject" VARCHAR(255),
  ADD COLUMN "ssoLastSignInAt" TIMESTAMP(3);
CREATE UNIQUE INDEX "User_ssoIssuer_ssoSubject_key" ON "User"("ssoIssuer", "ssoSubject");
