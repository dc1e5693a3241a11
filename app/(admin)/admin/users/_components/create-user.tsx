"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { DialogDone, DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import { DEFAULT_ROLE, ROLE_LABELS, ROLES } from "@/lib/policy/capabilities";
import { createUserSchema, type CreateUserInput } from "@/lib/schemas/users";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import { createUserAction } from "../actions";
import { InviteLink } from "./invite-link";

export function CreateUserButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [invite, setInvite] = useState<{ email: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stepUp = useStepUp(stepUpAction);
  const toast = useToast();
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { mode: "invite", email: "", name: "", role: DEFAULT_ROLE },
  });
  const { register, handleSubmit, control, formState, reset } = form;
  const mode = useWatch({ control, name: "mode" });
  const errors = formState.errors as Partial<
    Record<keyof CreateUserInput | "password", { message?: string }>
  >;

  async function onSubmit(values: CreateUserInput) {
    setError(null);
    const r = await stepUp.run(() => createUserAction(values));
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    toast("User created", { description: r.data.user.email });
    router.refresh();
    if (r.data.inviteToken) setInvite({ email: r.data.user.email, token: r.data.inviteToken });
    else close(false);
  }
  function close(next: boolean) {
    if (!next && stepUp.asking) return stepUp.cancel();
    setOpen(next);
    if (!next) {
      reset();
      setInvite(null);
      setError(null);
    }
  }

  return (
    <>
      <Modal
        open={open}
        onOpenChange={close}
        trigger={<Button>New user</Button>}
        title={invite ? "Invitation ready" : "New user"}
        description={
          invite
            ? `Send this one-time link to ${invite.email}.`
            : "They get the role’s access as soon as they sign in."
        }
      >
        {invite ? (
          <DialogDone onDone={() => close(false)}>
            <InviteLink token={invite.token} />
          </DialogDone>
        ) : (
          <DialogForm
            onSubmit={handleSubmit(onSubmit)}
            error={error}
            interrupt={stepUp.panel}
            submit={{
              label: "Create user",
              busyLabel: "Creating…",
              busy: formState.isSubmitting,
            }}
          >
            <TextField
              id="new-name"
              label="Name"
              autoComplete="off"
              error={errors.name?.message}
              {...register("name")}
            />
            <TextField
              id="new-email"
              label="Email"
              type="email"
              autoComplete="off"
              error={errors.email?.message}
              {...register("email")}
            />
            <SelectField
              id="new-role"
              label="Role"
              error={errors.role?.message}
              {...register("role")}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </SelectField>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">
                How they get a password
              </legend>
              <div className="flex gap-4 text-sm">
                <label className="flex items-center gap-2">
                  <input type="radio" value="invite" {...register("mode")} /> Invitation link
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" value="password" {...register("mode")} /> Set an initial
                  password
                </label>
              </div>
            </fieldset>
            {mode === "password" ? (
              <TextField
                id="new-password"
                label="Initial password"
                type="password"
                autoComplete="new-password"
                hint="At least 12 characters; share it out of band."
                error={errors.password?.message}
                {...register("password")}
              />
            ) : null}
          </DialogForm>
        )}
      </Modal>
    </>
  );
}
