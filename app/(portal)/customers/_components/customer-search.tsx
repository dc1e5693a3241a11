"use client";
import { useEffect, useState } from "react";
import { CustomersTable } from "@/components/customers-table";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Pagination } from "@/components/ui/pagination";
import type { SearchMode } from "@/lib/policy/field-policy";
import type { CustomerRow } from "@/lib/schemas/customers";
import { resumeSearchAction, searchCustomersAction } from "../actions";
import { SEARCH_MODE_TEXT as MODES } from "./search-modes";

type Results = {
  rows: CustomerRow[];
  total: number;
  page: number;
  pageSize: number;
  query: { by: SearchMode; value: string };
};

/** The URL parameter holding a search's sealed handle (never the searched value itself). */
const HANDLE = "search";
const RESULTS_PAGE = "results";

/** Keeps the search in the address (as its handle), so Back and reload come back to it. */
function remember(handle: string | null, page: number) {
  const url = new URL(window.location.href);
  url.searchParams.delete(HANDLE);
  url.searchParams.delete(RESULTS_PAGE);
  if (handle) {
    url.searchParams.set(HANDLE, handle);
    if (page > 1) url.searchParams.set(RESULTS_PAGE, String(page));
  }
  window.history.replaceState(window.history.state, "", url);
}

/**
 * Searches by POST (server action); results replace the page's list until cleared. Offers only
 * the modes the viewer's role may use (the data layer enforces the same rule). The address keeps
 * a sealed handle to the search, so coming back to the page shows the same query and results.
 */
export function CustomerSearch({
  modes,
  children,
}: {
  modes: SearchMode[];
  children: React.ReactNode;
}) {
  const [by, setBy] = useState<SearchMode>(modes[0] ?? "name");
  const [value, setValue] = useState("");
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(query: Results["query"], page: number) {
    setBusy(true);
    setError(null);
    const r = await searchCustomersAction(query, page);
    setBusy(false);
    if (r.ok) {
      setResults({ ...r.data, query });
      remember(r.data.handle, page);
    } else setError(r.issues?.[0]?.message ?? r.message);
  }
  function clear() {
    setResults(null);
    setValue("");
    setError(null);
    remember(null, 1);
  }

  // Back from a result, or a reload: the handle in the address brings the search back.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const handle = params.get(HANDLE);
    if (!handle) return;
    const page = Number.parseInt(params.get(RESULTS_PAGE) ?? "1", 10) || 1;
    let live = true;
    void resumeSearchAction(handle, page).then((r) => {
      if (!live) return;
      if (!r.ok) {
        remember(null, 1);
        return setError(r.message);
      }
      setBy(r.data.query.by as SearchMode);
      setValue(r.data.query.value);
      setResults({
        ...r.data,
        query: { by: r.data.query.by as SearchMode, value: r.data.query.value },
      });
    });
    return () => {
      live = false;
    };
  }, []);

  const mode = MODES[by];
  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;
  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Customers"
        onSubmit={(e) => {
          e.preventDefault();
          void search({ by, value }, 1);
        }}
        className="flex flex-wrap items-end gap-2"
        autoComplete="off"
      >
        <div>
          <label htmlFor="search-by" className="mb-1 block text-xs font-medium text-slate-600">
            Search by
          </label>
          <select
            id="search-by"
            value={by}
            onChange={(e) => {
              setBy(e.target.value as SearchMode);
              setResults(null); // results of another mode would be misleading
              setError(null);
              remember(null, 1);
            }}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          >
            {modes.map((k) => (
              <option key={k} value={k}>
                {MODES[k].label}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="search-value" className="mb-1 block text-xs font-medium text-slate-600">
            Value
          </label>
          <input
            id="search-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={mode.placeholder}
            aria-describedby="search-hint"
            aria-invalid={error ? true : undefined}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
          />
        </div>
        <Button type="submit" disabled={busy || value.trim().length < 2}>
          {busy ? "Searching…" : "Search"}
        </Button>
        {results ? (
          <Button type="button" variant="secondary" onClick={clear}>
            Clear
          </Button>
        ) : null}
      </form>
      <p id="search-hint" className="text-xs text-slate-500">
        {mode.hint}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {/* Only the summary is announced; the table is read when the user moves into it. */}
      <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
        {results
          ? `${results.total.toLocaleString("en-GB")} match${results.total === 1 ? "" : "es"} for ${MODES[results.query.by].label.toLowerCase()} “${results.query.value.trim()}”`
          : ""}
      </p>
      {results ? (
        <div>
          <CustomersTable
            rows={results.rows}
            caption={`Search results, page ${results.page} of ${pages}`}
            empty="No customer matches. Check the value, or try another way of searching."
          />
          {pages > 1 ? (
            <Pagination
              page={results.page}
              pages={pages}
              summary={`${results.total.toLocaleString("en-GB")} matches`}
              onPage={(p) => void search(results.query, p)}
            />
          ) : null}
        </div>
      ) : (
        children
      )}
    </div>
  );
}
