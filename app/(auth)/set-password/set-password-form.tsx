"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { setPasswordSchema } from "@/lib/schemas/users";
import { setPasswordAction } from "./actions";

type Values = z.infer<typeof setPasswordSchema>;

export function SetPasswordForm() {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setValue } = useForm<Values>({
    resolver: zodResolver(setPasswordSchema),
  });
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
    setValue("token", token);
    // Drop the token from the address bar and history once read.
    window.history.replaceState(null, "", window.location.pathname);
  }, [setValue]);
  async function onSubmit(values: Values) {
    const r = await setPasswordAction(values);
    if (r.ok) setDone(true);
    else setError(r.message);
  }
  if (done) {
    return (
      <div className="mt-6 space-y-4">
        <Notice tone="success">Your password is set.</Notice>
        <Link
          href="/login"
          className="inline-flex w-full justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={handleSubmit(onSubmit)} className="mt-6 space-y-4" noValidate>
      {error || formState.errors.token ? (
        <Notice tone="error">
          {error ?? "This link is invalid or has expired. Ask your administrator for a new one."}
        </Notice>
      ) : null}
      <input type="hidden" {...register("token")} />
      <TextField
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={formState.errors.password?.message}
        {...register("password")}
      />
      <TextField
        id="confirm"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        error={formState.errors.confirm?.message}
        {...register("confirm")}
      />
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
