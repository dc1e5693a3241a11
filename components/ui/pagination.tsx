import Link from "next/link";

const pageLink = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";

/** "N things · page x of y" with Previous/Next links; `href(p)` builds each page's URL. */
export function Pagination({
  page,
  pages,
  summary,
  href,
}: {
  page: number;
  pages: number;
  summary: string;
  href: (page: number) => string;
}) {
  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600"
    >
      <span>
        {summary} · page {page} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={pageLink} href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={pageLink} href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
