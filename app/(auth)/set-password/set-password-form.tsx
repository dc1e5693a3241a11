"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { NewPasswordFields } from "@/components/new-password-fields";
import { setPasswordSchema } from "@/lib/schemas/users";
import { checkSetPasswordLinkAction, setPasswordAction } from "./actions";

type Values = z.infer<typeof setPasswordSchema>;

type Link =
  { state: "checking" } | { state: "live"; email: string } | { state: "dead"; message: string };

export function SetPasswordForm() {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<Link>({ state: "checking" });
  const form = useForm<Values>({ resolver: zodResolver(setPasswordSchema) });
  const { register, handleSubmit, formState, setValue } = form;
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
    setValue("token", token);
    // Drop the token from the address bar and history once read.
    window.history.replaceState(null, "", window.location.pathname);
    // Check the link now: a dead one says so before anyone chooses a password.
    let live = true;
    void checkSetPasswordLinkAction({ token }).then((r) => {
      if (!live) return;
      setLink(
        r.ok
          ? { state: "live", email: r.data.email }
          : {
              state: "dead",
              message: "This link is invalid or has expired. Ask your administrator for a new one.",
            },
      );
    });
    return () => {
      live = false;
    };
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
  if (link.state === "checking")
    return (
      <p role="status" className="mt-6 text-sm text-slate-600">
        Checking your link…
      </p>
    );
  if (link.state === "dead")
    return (
      <div className="mt-6 space-y-4">
        <Notice tone="error">{link.message}</Notice>
        <Link href="/login" className="text-sm text-brand-700 underline">
          Go to sign-in
        </Link>
      </div>
    );
  return (
    <form onSubmit={handleSubmit(onSubmit)} className="mt-6 space-y-4" noValidate>
      <p className="text-sm text-slate-700">
        For <span className="font-medium text-slate-900">{link.email}</span>
      </p>
      {error || formState.errors.token ? (
        <Notice tone="error">
          {error ?? "This link is invalid or has expired. Ask your administrator for a new one."}
        </Notice>
      ) : null}
      <input type="hidden" {...register("token")} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="email" autoComplete="username" value={link.email} readOnly hidden />
      <NewPasswordFields form={form} password="password" confirm="confirm" />
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
