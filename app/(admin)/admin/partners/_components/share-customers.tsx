"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { FormTextAreaField, FormTextField } from "@/components/ui/form-field";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import {
  partnerSharingFormSchema,
  type PartnerRow,
  type PartnerSharingFormIn,
  type PartnerSharingFormOut,
} from "@/lib/schemas/partners";
import { useStepUpDialog } from "../../../../(portal)/_components/step-up-dialog";
import { changeSharingAction } from "../actions";

const KINDS = [
  { value: "all", label: "Every customer there is now" },
  { value: "created", label: "Customers created between two days" },
  { value: "chosen", label: "Chosen customers, by id" },
] as const;

const count = (n: number) => `${n.toLocaleString("en-GB")} customer${n === 1 ? "" : "s"}`;

/** Shares customers with a partner, or stops sharing them: audited, behind a step-up. */
export function ShareCustomers({ partner }: { partner: PartnerRow }) {
  const toast = useToast();
  const form = useForm<PartnerSharingFormIn, unknown, PartnerSharingFormOut>({
    resolver: zodResolver(partnerSharingFormSchema),
    defaultValues: { change: "share", kind: "all", from: "", to: "", ids: "" },
  });
  const dialog = useStepUpDialog(() => form.reset());
  const kind = useWatch({ control: form.control, name: "kind" });
  const change = useWatch({ control: form.control, name: "change" });

  const onSubmit = async (values: PartnerSharingFormOut) => {
    const r = await dialog.run(() => changeSharingAction({ partnerId: partner.id, ...values }));
    if (!r) return;
    dialog.close(false);
    toast(values.change === "share" ? "Customers shared" : "Sharing stopped", {
      description: `${partner.name}: ${count(r.changed)} ${values.change === "share" ? "added" : "removed"}; it now sees ${count(r.sharedCount)}.`,
    });
  };

  return (
    <Modal
      open={dialog.open}
      onOpenChange={dialog.close}
      trigger={
        <Button variant="secondary" size="sm" aria-label={`Share customers: ${partner.name}`}>
          Share customers
        </Button>
      }
      title={`Customers ${partner.name} can see`}
      description={`It sees ${count(partner.sharedCount)} now, masked by its ${partner.profile} profile. Customers it creates itself are shared with it.`}
    >
      <DialogForm
        onSubmit={form.handleSubmit(onSubmit)}
        error={dialog.error}
        interrupt={dialog.panel}
        submit={{
          label: change === "share" ? "Share" : "Stop sharing",
          busyLabel: "Saving…",
          busy: form.formState.isSubmitting || dialog.busy,
          ...(change === "stop" ? { tone: "danger" as const } : {}),
        }}
      >
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">Change</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" value="share" {...form.register("change")} /> Share with it
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" value="stop" {...form.register("change")} /> Stop sharing
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">Which customers</legend>
          <div className="space-y-1 text-sm">
            {KINDS.map((k) => (
              <label key={k.value} className="flex items-center gap-2">
                <input type="radio" value={k.value} {...form.register("kind")} /> {k.label}
              </label>
            ))}
          </div>
        </fieldset>
        {kind === "created" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <FormTextField
              form={form}
              name="from"
              id={`share-from-${partner.id}`}
              label="First day"
              placeholder="2026-01-31"
              inputMode="numeric"
              autoComplete="off"
              hint="Year-month-day, UTC"
            />
            <FormTextField
              form={form}
              name="to"
              id={`share-to-${partner.id}`}
              label="Last day"
              placeholder="2026-12-31"
              inputMode="numeric"
              autoComplete="off"
              hint="Included"
            />
          </div>
        ) : null}
        {kind === "chosen" ? (
          <FormTextAreaField
            form={form}
            name="ids"
            id={`share-ids-${partner.id}`}
            label="Customer ids"
            rows={4}
            hint="One per line or separated by commas: the id in a customer's address, /customers/<id>."
          />
        ) : null}
        {kind === "all" && change === "share" ? (
          <p className="text-xs text-slate-500">
            Customers added later are not included: share them again, or by the day they were
            created.
          </p>
        ) : null}
      </DialogForm>
    </Modal>
  );
}
