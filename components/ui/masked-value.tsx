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

/** A masked field: monospace for tokens and numbers, a quiet note of the masking level. */
export function MaskedText({ value, mono = false }: { value: MaskedValue; mono?: boolean }) {
  if (value.value === null) return <span className="text-slate-500">Hidden</span>;
  const isToken = value.level === "token";
  return (
    <span
      title={LEVEL_HINT[value.level]}
      className={mono || isToken ? "font-mono text-[0.85em] tabular-nums" : "tabular-nums"}
    >
      {value.value}
    </span>
  );
}
