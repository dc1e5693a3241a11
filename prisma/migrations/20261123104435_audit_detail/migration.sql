-- AlterTable
ALTER TABLE "AuditArchive" ADD COLUMN     "detail" JSONB,
ADD COLUMN     "hashVersion" SMALLINT NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "detail" JSONB,
ADD COLUMN     "hashVersion" SMALLINT NOT NULL DEFAULT 1;
