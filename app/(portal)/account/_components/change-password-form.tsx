"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormTextField } from "@/components/ui/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { Notice } from "@/components/ui/notice";
import { changePasswordSchema } from "@/lib/schemas/users";
import { changePasswordAction } from "../actions";

type Values = z.infer<typeof changePasswordSchema>;

export function ChangePasswordForm() {
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(changePasswordSchema) });
  const { handleSubmit, formState, reset } = form;
  async function onSubmit(values: Values) {
    const r = await changePasswordAction(values);
    if (r.ok) {
      reset();
      setResult({
        tone: "success",
        text: "Password changed. Your other sessions have been signed out.",
      });
    } else setResult({ tone: "error", text: r.message });
  }
  return (
    <form onSubmit={handleSubmit(onSubmit)} className="space-y-3" noValidate>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
      <FormTextField
        form={form}
        name="current"
        id="current"
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <NewPasswordFields
        form={form}
        password="next"
        confirm="confirm"
        labels={{ password: "New password", confirm: "Confirm new password" }}
        hint="At least 12 characters. Long passphrases are best; common passwords are refused."
      />
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
