import Link from "next/link";

const pageLink = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";

/**
 * "N things · page x of y" with Previous/Next: links when pages have URLs (`href`), buttons when
 * the page lives in client state (`onPage`, e.g. search results fetched by POST).
 */
export function Pagination({
  page,
  pages,
  summary,
  href,
  onPage,
}: {
  page: number;
  pages: number;
  summary: string;
} & (
  | { href: (page: number) => string; onPage?: never }
  | { onPage: (page: number) => void; href?: never }
)) {
  const to = (p: number, label: string) =>
    href ? (
      <Link className={pageLink} href={href(p)}>
        {label}
      </Link>
    ) : (
      <button type="button" className={pageLink} onClick={() => onPage?.(p)}>
        {label}
      </button>
    );
  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600"
    >
      <span className="tabular-nums">
        {summary} · page {page} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 ? to(page - 1, "Previous") : null}
        {page < pages ? to(page + 1, "Next") : null}
      </span>
    </nav>
  );
}
