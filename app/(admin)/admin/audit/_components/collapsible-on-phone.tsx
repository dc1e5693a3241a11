"use client";
import { useState } from "react";

/**
 * On a phone, content behind a "Filters (n)" button, so results come first; from the small
 * breakpoint up the content is always shown and the button is not. `controls` is the id of the
 * content's root element.
 */
export function CollapsibleOnPhone({
  label,
  count,
  controls,
  children,
}: {
  label: string;
  count: number;
  controls: string;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className={open ? "" : "max-sm:[&>:last-child]:hidden"}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={controls}
        onClick={() => setOpen(!open)}
        className="mb-2 inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium shadow-sm hover:bg-slate-50 sm:hidden"
      >
        {label}
        {count ? (
          <span className="rounded-full bg-brand-50 px-2 text-xs text-brand-700">
            {count}
            <span className="sr-only"> active</span>
          </span>
        ) : null}
        <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </button>
      {children}
    </div>
  );
}
