"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { changePasswordSchema } from "@/lib/schemas/users";
import { changePasswordAction } from "../actions";

type Values = z.infer<typeof changePasswordSchema>;

export function ChangePasswordForm() {
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<Values>({
    resolver: zodResolver(changePasswordSchema),
  });
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
      <TextField
        id="current"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.current?.message}
        {...register("current")}
      />
      <TextField
        id="next"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. Long passphrases are best; common passwords are refused."
        error={formState.errors.next?.message}
        {...register("next")}
      />
      <TextField
        id="confirm"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={formState.errors.confirm?.message}
        {...register("confirm")}
      />
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
