"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormSelectField, FormTextField } from "@/components/ui/form-field";
import { PARTNER_SCOPES } from "@/lib/policy/capabilities";
import { PARTNER_PROFILES, REVEAL_PURPOSES } from "@/lib/policy/field-policy";
import { partnerFormSchema } from "@/lib/schemas/partners";
import { CreateDialog, useCreateDialog } from "../../_components/create-dialog";
import { createPartnerAction } from "../actions";
import { SecretOnce } from "../../_components/secret-once";

type FormIn = z.input<typeof partnerFormSchema>;
type FormOut = z.output<typeof partnerFormSchema>;
type Created = { name: string; clientId: string; clientSecret: string };

const PROFILE_HELP: Record<string, string> = {
  basic: "basic: partial name and email, last four card digits, city and country",
  kyc: "kyc: identity data in full, contact details partial, no card or IBAN",
};

export function CreatePartnerButton() {
  const form = useForm<FormIn, unknown, FormOut>({
    resolver: zodResolver(partnerFormSchema),
    defaultValues: {
      name: "",
      profile: "basic",
      scopes: ["customers:read"],
      purpose: "kyc_review",
      perMinute: 60,
      perHour: "" as unknown as null,
      perDay: 10_000,
      ipAllowList: "" as unknown as string[],
      corsOrigins: "" as unknown as string[],
    },
  });
  const { register, handleSubmit, formState, reset } = form;
  const dialog = useCreateDialog<Created>(reset);
  const errors = formState.errors;

  const onSubmit = (values: FormOut) =>
    dialog.submit(
      () => createPartnerAction(values),
      (created) => ({
        toast: { title: "Partner created", description: created.name },
        done: created,
      }),
    );

  return (
    <CreateDialog
      dialog={dialog}
      trigger="New partner"
      title={{ form: "New partner", done: "Partner created" }}
      description={{
        form: "A partner integration sees only the customers shared with it, masked by its profile.",
        done: (created) =>
          `Give these credentials to ${created.name}. The secret is shown once and stored only as a hash.`,
      }}
      submit={{
        label: "Create partner",
        busy: formState.isSubmitting,
        onSubmit: handleSubmit(onSubmit),
      }}
      result={(created) => (
        <>
          <SecretOnce id="new-client-id" label="Client id" value={created.clientId} />
          <SecretOnce
            id="new-client-secret"
            label="Client secret (shown once)"
            value={created.clientSecret}
          />
        </>
      )}
    >
      <FormTextField form={form} name="name" id="partner-name" label="Name" autoComplete="off" />
      <FormSelectField form={form} name="profile" id="partner-profile" label="Redaction profile">
        {PARTNER_PROFILES.map((p) => (
          <option key={p} value={p}>
            {PROFILE_HELP[p] ?? p}
          </option>
        ))}
      </FormSelectField>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Scopes</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {Object.keys(PARTNER_SCOPES).map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input type="checkbox" value={s} {...register("scopes")} /> {s}
            </label>
          ))}
        </div>
        {errors.scopes ? (
          <p role="alert" className="mt-1 text-xs text-red-600">
            {errors.scopes.message}
          </p>
        ) : null}
      </fieldset>
      <FormSelectField
        form={form}
        name="purpose"
        id="partner-purpose"
        label="Purpose (every access is audited under it)"
      >
        {Object.entries(REVEAL_PURPOSES).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </FormSelectField>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <FormTextField
          form={form}
          name="perMinute"
          id="partner-per-minute"
          label="Requests / minute"
          inputMode="numeric"
        />
        <FormTextField
          form={form}
          name="perHour"
          id="partner-per-hour"
          label="Requests / hour"
          inputMode="numeric"
          hint="Optional"
        />
        <FormTextField
          form={form}
          name="perDay"
          id="partner-per-day"
          label="Requests / day"
          inputMode="numeric"
        />
      </div>
      <FormTextField
        form={form}
        name="ipAllowList"
        id="partner-ips"
        label="IP allow-list"
        hint="Optional. Addresses or CIDR ranges, comma-separated; empty allows any."
        autoComplete="off"
      />
      <FormTextField
        form={form}
        name="corsOrigins"
        id="partner-cors"
        label="Browser origins (CORS)"
        hint="Optional. https origins, comma-separated."
        autoComplete="off"
      />
    </CreateDialog>
  );
}
