-- List pages are ordered by ("createdAt" DESC, "id" DESC) and cut at their limit: with this index
-- a page walks the order and stops (a partner's page probes its shares row by row), where the
-- index on "createdAt" alone left a scan of every visible record and a sort.
DROP INDEX IF EXISTS "Customer_createdAt_idx";
CREATE INDEX "Customer_createdAt_id_idx" ON "Customer"("createdAt", "id");
