-- AlterTable
ALTER TABLE "User" ADD COLUMN     "credentialsSetAt" TIMESTAMP(3),
ADD COLUMN     "credentialsSetBy" UUID;
