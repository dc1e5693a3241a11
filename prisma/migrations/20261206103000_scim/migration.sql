-- SCIM 2.0 provisioning: the identity provider's bearer tokens (stored hashed), the groups it
-- pushes with their members, and which accounts it manages.
ALTER TABLE "User" ADD COLUMN "scimManaged" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "scimExternalId" VARCHAR(255),
  ADD COLUMN "scimDeletedAt" TIMESTAMP(3);

CREATE TABLE "ScimToken" (
    "id" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    CONSTRAINT "ScimToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScimToken_tokenHash_key" ON "ScimToken"("tokenHash");

CREATE TABLE "ScimGroup" (
    "id" UUID NOT NULL,
    "displayName" VARCHAR(200) NOT NULL,
    "externalId" VARCHAR(255),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ScimGroup_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScimGroup_displayName_key" ON "ScimGroup"("displayName");

CREATE TABLE "ScimGroupMember" (
    "groupId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    CONSTRAINT "ScimGroupMember_pkey" PRIMARY KEY ("groupId","userId")
);
CREATE INDEX "ScimGroupMember_userId_idx" ON "ScimGroupMember"("userId");
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ScimGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
