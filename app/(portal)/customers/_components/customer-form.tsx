"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import type { StoredPartName } from "@/lib/fields/catalogue";
import type { ActionResult } from "@/lib/schemas/action";
import { customerFields } from "@/lib/schemas/customers";

const FIELDS: {
  name: StoredPartName;
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
/**
 * On edit, a pre-filled field must stay valid (clearing it is an error, not a silent "keep"); a
 * blank field that was not pre-filled keeps its stored value.
 */
function editSchema(prefilled: Set<string>) {
  return z
    .object(
      Object.fromEntries(
        Object.entries(customerFields).map(([k, s]) => [
          k,
          prefilled.has(k) ? s : z.union([z.literal(""), s]),
        ]),
      ),
    )
    .partial();
}

type Values = Record<StoredPartName, string>;

/**
 * Create or edit a customer. Edit starts from what the editor already sees in clear (`prefill`);
 * the other fields are blank, with their masked value as the hint, and only changed fields are
 * sent. Success says so in a toast and opens the customer.
 */
export function CustomerForm({
  mode,
  cancelHref,
  prefill = {},
  masked = {},
  submit,
}: {
  mode: "create" | "edit";
  cancelHref: string;
  prefill?: Partial<Values>;
  masked?: Partial<Values>;
  submit: (values: Record<string, string>) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [schema] = useState(() =>
    mode === "create" ? createSchema : editSchema(new Set(Object.keys(prefill))),
  );
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(schema) as never,
    defaultValues: prefill,
  });
  async function onSubmit(values: Values) {
    setError(null);
    const changed = Object.fromEntries(
      Object.entries(values).filter(
        ([k, v]) => v !== "" && v !== undefined && v !== prefill[k as StoredPartName],
      ),
    );
    if (mode === "edit" && Object.keys(changed).length === 0)
      return setError("Nothing has changed yet.");
    const r = await submit(mode === "create" ? values : changed);
    if (!r.ok) return setError(r.message);
    toast(mode === "create" ? "Customer created" : "Changes saved", {
      description:
        mode === "create"
          ? "Every value was encrypted before it was stored."
          : `${Object.keys(changed).length} field${Object.keys(changed).length === 1 ? "" : "s"} updated.`,
    });
    router.push(`/customers/${r.data.id}`);
    router.refresh();
  }
  return (
    <form onSubmit={handleSubmit(onSubmit)} className="space-y-4" noValidate autoComplete="off">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {mode === "edit" ? (
        <Notice tone="info">
          Type only what changes. Blank fields keep their current value, shown masked below each
          one.
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
            hint={
              masked[f.name] && prefill[f.name] === undefined
                ? `Current: ${masked[f.name]}`
                : f.hint
            }
            error={formState.errors[f.name]?.message}
            {...register(f.name)}
          />
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting
            ? "Saving…"
            : mode === "create"
              ? "Create customer"
              : "Save changes"}
        </Button>
        <Link
          href={cancelHref}
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
