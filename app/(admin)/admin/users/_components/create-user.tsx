"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { FormSelectField, FormTextField } from "@/components/ui/form-field";
import { DEFAULT_ROLE, ROLE_LABELS, ROLES } from "@/lib/policy/capabilities";
import { createUserSchema, type CreateUserInput } from "@/lib/schemas/users";
import { CreateDialog, useCreateDialog } from "../../_components/create-dialog";
import { createUserAction } from "../actions";
import { InviteLink } from "./invite-link";

export function CreateUserButton() {
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { mode: "invite", email: "", name: "", role: DEFAULT_ROLE },
  });
  const { register, handleSubmit, control, formState, reset } = form;
  const dialog = useCreateDialog<{ email: string; token: string }>(reset);
  const mode = useWatch({ control, name: "mode" });

  const onSubmit = (values: CreateUserInput) =>
    dialog.submit(
      () => createUserAction(values),
      (r) => ({
        toast: { title: "User created", description: r.user.email },
        done: r.inviteToken ? { email: r.user.email, token: r.inviteToken } : null,
      }),
    );

  return (
    <CreateDialog
      dialog={dialog}
      trigger="New user"
      title={{ form: "New user", done: "Invitation ready" }}
      description={{
        form: "They get the role’s access as soon as they sign in.",
        done: (invite) => `Send this one-time link to ${invite.email}.`,
      }}
      submit={{
        label: "Create user",
        busy: formState.isSubmitting,
        onSubmit: handleSubmit(onSubmit),
      }}
      result={(invite) => <InviteLink token={invite.token} />}
    >
      <FormTextField form={form} name="name" id="new-name" label="Name" autoComplete="off" />
      <FormTextField
        form={form}
        name="email"
        id="new-email"
        label="Email"
        type="email"
        autoComplete="off"
      />
      <FormSelectField form={form} name="role" id="new-role" label="Role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </FormSelectField>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">How they get a password</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" value="invite" {...register("mode")} /> Invitation link
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" value="password" {...register("mode")} /> Set an initial password
          </label>
        </div>
      </fieldset>
      {mode === "password" ? (
        <FormTextField
          form={form}
          name="password"
          id="new-password"
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters; share it out of band."
        />
      ) : null}
    </CreateDialog>
  );
}
