"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormTextField } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { askForPasskey } from "@/components/passkeys/ceremony";
import { CaptchaWidget } from "./captcha-widget";
import {
  LOGIN_ERRORS,
  loginSchema,
  SECOND_STEP_CODES,
  type LoginErrorCode,
  type LoginInput,
} from "@/lib/schemas/auth";

const SECOND_STEP_MESSAGES: string[] = SECOND_STEP_CODES.map((c) => LOGIN_ERRORS[c]);

export function LoginForm({ next }: { next: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [needsTotp, setNeedsTotp] = useState(false);
  // The password was right and the account has a passkey: "only" when a code will not do.
  const [passkeyStep, setPasskeyStep] = useState<"only" | "or-code" | null>(null);
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const passkeyButton = useRef<HTMLButtonElement>(null);
  const [needsCaptcha, setNeedsCaptcha] = useState(false);
  // A new key remounts the widget with a fresh challenge: a solution works once only.
  const [captchaKey, setCaptchaKey] = useState(0);
  const form = useForm<LoginInput>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "", totp: "", altcha: "" },
  });
  const { handleSubmit, formState, setValue, setFocus } = form;
  const formRef = useRef<HTMLFormElement>(null);

  // Set while a sign-in the user asked for waits on the check: its solution carries that sign-in
  // on (no second click). A check solved in the background (a fresh one after a rejection) only
  // waits for the user's click: it never submits a password still being typed, nor clears the
  // message the user is reading.
  const [waitingForCheck, setWaitingForCheck] = useState(false);
  const onCaptcha = useCallback(
    (payload: string) => {
      setValue("altcha", payload);
      if (!payload || !waitingForCheck) return;
      setWaitingForCheck(false);
      setError(null);
      formRef.current?.requestSubmit();
    },
    [setValue, waitingForCheck],
  );

  useEffect(() => {
    if (passkeyStep) passkeyButton.current?.focus();
    else if (needsTotp) setFocus("totp");
  }, [needsTotp, passkeyStep, setFocus]);

  async function onSubmit(values: LoginInput) {
    if (needsCaptcha && !values.altcha) {
      setWaitingForCheck(true); // solved in a moment, then this sign-in goes on
      setError(LOGIN_ERRORS.CAPTCHA_REQUIRED);
      return;
    }
    setError(null);
    await attempt(values);
  }

  async function signInWithPasskey() {
    setPasskeyBusy(true);
    setError(null);
    const options = await fetch("/api/passkeys/sign-in-options", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    const asked = options
      ? await askForPasskey(options)
      : { ok: false as const, message: LOGIN_ERRORS.UNAVAILABLE };
    if (asked.ok) await attempt({ ...form.getValues(), passkey: JSON.stringify(asked.response) });
    else setError(asked.message);
    setPasskeyBusy(false);
  }

  async function attempt(values: LoginInput) {
    const res = await signIn("credentials", { redirect: false, ...values });
    if (res?.ok && !res.error) {
      // A full navigation: the server picks the landing page for this role (or `next`).
      window.location.assign(next ?? "/login");
      return;
    }
    const code = (res?.error ?? "INVALID") as LoginErrorCode;
    const known = code in LOGIN_ERRORS ? code : "INVALID";
    if (known === "TOTP_REQUIRED" || known === "PASSKEY_OR_TOTP") setNeedsTotp(true);
    if (known === "PASSKEY_REQUIRED") setPasskeyStep("only");
    if (known === "PASSKEY_OR_TOTP") setPasskeyStep("or-code");
    if (known === "CAPTCHA_REQUIRED") {
      setNeedsCaptcha(true);
      setWaitingForCheck(true);
    }
    if (needsCaptcha || known === "CAPTCHA_REQUIRED") {
      setValue("altcha", "");
      setCaptchaKey((k) => k + 1);
    }
    setError(LOGIN_ERRORS[known]);
    if (known === "INVALID") {
      // The rejected password (and code) are cleared, and the cursor waits in the password box.
      setValue("password", "");
      setValue("totp", "");
      setPasskeyStep(null);
      setFocus("password");
    }
  }

  return (
    <form ref={formRef} className="mt-6 space-y-4" onSubmit={handleSubmit(onSubmit)} noValidate>
      {error ? (
        <Notice tone={SECOND_STEP_MESSAGES.includes(error) ? "info" : "error"}>{error}</Notice>
      ) : null}
      <FormTextField
        form={form}
        name="email"
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        autoFocus
      />
      <FormTextField
        form={form}
        name="password"
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
      />
      {passkeyStep ? (
        <Button
          ref={passkeyButton}
          type="button"
          className="w-full"
          variant={passkeyStep === "only" ? "primary" : "secondary"}
          onClick={signInWithPasskey}
          disabled={passkeyBusy}
        >
          {passkeyBusy ? "Waiting for your passkey…" : "Use your passkey"}
        </Button>
      ) : null}
      {needsTotp ? (
        <FormTextField
          form={form}
          name="totp"
          id="totp"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          hint="6-digit code from your app, or a recovery code"
        />
      ) : null}
      {needsCaptcha ? <CaptchaWidget key={captchaKey} onChange={onCaptcha} /> : null}
      {passkeyStep === "only" ? null : (
        <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Signing in…" : "Sign in"}
        </Button>
      )}
    </form>
  );
}
