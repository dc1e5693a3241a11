"use client";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { FormTextField } from "@/components/ui/form-field";

/** The "new password" and "confirm" pair every password form asks for, wired to its form. */
export function NewPasswordFields<T extends FieldValues, Out = T>({
  form,
  password,
  confirm,
  labels = { password: "New password", confirm: "Confirm password" },
  hint = "At least 12 characters.",
}: {
  form: UseFormReturn<T, unknown, Out>;
  password: Path<T>;
  confirm: Path<T>;
  labels?: { password: string; confirm: string };
  hint?: string;
}) {
  return (
    <>
      <FormTextField
        form={form}
        name={password}
        id={password}
        label={labels.password}
        type="password"
        autoComplete="new-password"
        hint={hint}
      />
      <FormTextField
        form={form}
        name={confirm}
        id={confirm}
        label={labels.confirm}
        type="password"
        autoComplete="new-password"
      />
    </>
  );
}
