"use client";
import { useState } from "react";
import { CustomersTable } from "@/components/customers-table";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { SearchMode } from "@/lib/policy/field-policy";
import type { CustomerRow } from "@/lib/schemas/customers";
import { searchCustomersAction } from "../actions";

const LABELS: Record<SearchMode, string> = {
  name: "Name starts with",
  email: "Exact email",
  pan: "Exact card number",
  iban: "Exact IBAN",
  nationalId: "Exact national ID",
  token: "Token (tok_…)",
};

/**
 * Searches by POST (server action); results replace the page's list until cleared. Offers only
 * the modes the viewer's role may use (the data layer enforces the same rule).
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
  const [results, setResults] = useState<{ rows: CustomerRow[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await searchCustomersAction({ by, value });
    setBusy(false);
    if (r.ok) setResults({ rows: r.data.rows, total: r.data.total });
    else setError(r.message);
  }
  function clear() {
    setResults(null);
    setValue("");
    setError(null);
  }

  return (
    <div className="space-y-4">
      <form
        role="search"
        onSubmit={submit}
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
              setResults(null);
              setError(null);
            }}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          >
            {modes.map((k) => (
              <option key={k} value={k}>
                {LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-64 flex-1">
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
      <p className="text-xs text-slate-500">
        {by === "token"
          ? "Paste a token from the list to find its record; tokens never reveal who it is."
          : "Exact searches match the whole value only, are limited per hour and recorded (never what you type)."}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {results ? (
        <div aria-live="polite">
          <p className="mb-2 text-sm text-slate-600">
            {results.total} match{results.total === 1 ? "" : "es"}
          </p>
          <CustomersTable
            rows={results.rows}
            caption="Search results"
            empty="No customer matches."
          />
        </div>
      ) : (
        children
      )}
    </div>
  );
}
