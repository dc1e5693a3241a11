import type { MaskedValue } from "@/lib/schemas/customers";

const LEVEL_HINT: Record<string, string> = {
  plain: "",
  partial: "Partially masked",
  last4: "Last digits only",
  token: "Pseudonymous token",
  generalised: "Generalised",
  redacted: "Redacted",
  hidden: "Hidden",
};

/**
 * A masked field: monospace with tabular figures for tokens and numbers (digits line up), the
 * text face for words (tabular figures would space out a city's hyphen: "Saint - Nazaire"), and
 * a quiet note of the masking level.
 */
export function MaskedText({ value, mono = false }: { value: MaskedValue; mono?: boolean }) {
  if (value.value === null) return <span className="text-slate-500">Hidden</span>;
  const isToken = value.level === "token";
  return (
    <span
      title={LEVEL_HINT[value.level]}
      className={mono || isToken ? "font-mono text-[0.85em] tabular-nums" : undefined}
    >
      {value.value}
    </span>
  );
}
