/** The loading state of a portal page: the header and a content block, announced politely. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-40 rounded-lg bg-slate-100" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
