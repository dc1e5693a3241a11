"use client";
import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { CASE_REF, caseRefSchema } from "@/lib/schemas/case-ref";

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
  // Said as soon as a character cannot belong (a space in "JOHN SMITH"), or on leaving the field
  // when it is too short: the button stays off, and this says why.
  const [left, setLeft] = useState(false);
  const check = caseRefSchema.safeParse(value);
  const error =
    value.trim() && !check.success && (left || /[^A-Z0-9-]/.test(value.trim()))
      ? check.error.issues[0]?.message
      : undefined;
  return (
    <TextField
      id={id}
      label="Case reference"
      value={value}
      required
      error={error}
      onBlur={() => setLeft(true)}
      onChange={(e) => onChange(e.target.value.toUpperCase())}
      hint={hint}
      autoComplete="off"
      maxLength={32}
    />
  );
}
