"use client";
import { TextField } from "@/components/ui/field";
import { CASE_REF } from "@/lib/schemas/case-ref";

/** Whether a typed case reference has the shape the server accepts. */
export const caseRefReady = (value: string) => CASE_REF.test(value.trim());

/** The case reference a reveal or GDPR action is taken under (upper-cased as typed). */
export function CaseRefField({
  id,
  value,
  onChange,
  hint,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  hint: string;
}) {
  return (
    <TextField
      id={id}
      label="Case reference"
      value={value}
      required
      onChange={(e) => onChange(e.target.value.toUpperCase())}
      hint={hint}
      autoComplete="off"
      maxLength={32}
    />
  );
}
