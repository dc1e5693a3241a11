"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/schemas/action";
import { customerFields } from "@/lib/schemas/customers";

const FIELDS: {
  name: keyof typeof customerFields;
  label: string;
  type?: string;
  hint?: string;
  autoComplete?: string;
}[] = [
  { name: "fullName", label: "Full name", autoComplete: "off" },
  { name: "email", label: "Email", type: "email", autoComplete: "off" },
  {
    name: "phone",
    label: "Phone",
    type: "tel",
    hint: "International format, e.g. +44 7700 900123",
  },
  { name: "dateOfBirth", label: "Date of birth", type: "date" },
  { name: "nationalId", label: "National ID" },
  {
    name: "pan",
    label: "Card number",
    hint: "Never enter the CVV: it is not accepted.",
    autoComplete: "off",
  },
  { name: "iban", label: "IBAN" },
  { name: "addressLine", label: "Address" },
  { name: "city", label: "City" },
  { name: "postcode", label: "Postcode" },
  { name: "country", label: "Country", hint: "Two letters, e.g. GB" },
];

const createSchema = z.object(customerFields);
// On edit every field is optional: blank means "keep". Current values are never sent here.
const editSchema = z
  .object(
    Object.fromEntries(
      Object.entries(customerFields).map(([k, s]) => [k, z.union([z.literal(""), s])]),
    ),
  )
  .partial();

type Values = Record<keyof typeof customerFields, string>;

export function CustomerForm({
  mode,
  masked,
  submit,
}: {
  mode: "create" | "edit";
  masked?: Partial<Record<keyof typeof customerFields, string>>;
  submit: (values: Record<string, string>) => Promise<ActionResult<unknown>>;
}) {
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(mode === "create" ? createSchema : editSchema) as never,
  });
  async function onSubmit(values: Values) {
    setError(null);
    const changed = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== "" && v !== undefined),
    );
    if (mode === "edit" && Object.keys(changed).length === 0)
      return setError("Change at least one field.");
    const r = await submit(mode === "create" ? values : changed);
    if (r && !r.ok) setError(r.message);
  }
  return (
    <form onSubmit={handleSubmit(onSubmit)} className="space-y-4" noValidate autoComplete="off">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {mode === "edit" ? (
        <Notice tone="info">
          Fill in only what changes; blank fields keep their current value. Current values are shown
          masked.
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <TextField
            key={f.name}
            id={f.name}
            label={f.label}
            type={f.type ?? "text"}
            autoComplete={f.autoComplete ?? "off"}
            placeholder={masked?.[f.name] ?? undefined}
            hint={f.hint}
            error={formState.errors[f.name]?.message}
            {...register(f.name)}
          />
        ))}
      </div>
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting
          ? "Saving…"
          : mode === "create"
            ? "Create customer"
            : "Save changes"}
      </Button>
    </form>
  );
}
