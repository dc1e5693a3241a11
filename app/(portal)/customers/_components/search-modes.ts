// What each search mode is called, and what it finds, in the form's own words. The exact
// (identifier) modes come from the field catalogue: a field given a search index gets its mode here.
import {
  CUSTOMER_FIELDS,
  fieldLabel,
  INDEXED_FIELDS,
  type FieldEntry,
} from "@/lib/fields/catalogue";
import type { SearchMode } from "@/lib/policy/field-policy";

export type SearchModeText = { label: string; hint: string; placeholder: string };

const RECORDED = "Limited per hour and recorded (never what you type).";

function exactMode(field: (typeof INDEXED_FIELDS)[number]): SearchModeText {
  const help = (CUSTOMER_FIELDS[field] as FieldEntry).searchHelp ?? {};
  return {
    label: `Exact ${fieldLabel(field, true)}`,
    hint: `${help.hint ?? "The whole value."} ${RECORDED}`,
    placeholder: help.placeholder ?? "",
  };
}

export const SEARCH_MODE_TEXT = {
  name: {
    label: "Name",
    hint: "Every word you type must begin a word of the name: “ann smi” finds Anna Smith.",
    placeholder: "e.g. ann smi",
  },
  ...(Object.fromEntries(INDEXED_FIELDS.map((f) => [f, exactMode(f)])) as Record<
    (typeof INDEXED_FIELDS)[number],
    SearchModeText
  >),
  token: {
    label: "Token (tok_…)",
    hint: "Paste a token from the list to find its record; tokens never reveal who it is.",
    placeholder: "tok_…",
  },
} satisfies Record<SearchMode, SearchModeText>;
