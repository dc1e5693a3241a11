"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { beginTotpAction, confirmTotpAction } from "../actions";
import { RecoveryCodes } from "../_components/recovery-codes";

type Pending = { secret: string; pending: string; qrDataUrl: string };

export function EnrolTotp({ enrolled }: { enrolled: boolean }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Pending | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (enrolled) return;
    void beginTotpAction().then((r) => (r.ok ? setEnrolment(r.data) : setError(r.message)));
  }, [enrolled]);

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    if (enrolled)
      return (
        <div className="space-y-3">
          <Notice tone="success">Two-factor authentication is already on for your account.</Notice>
          <Button onClick={() => router.push("/account")}>Back to your account</Button>
        </div>
      );
    if (!enrolment) return;
    setBusy(true);
    const r = await confirmTotpAction({ pending: enrolment.pending, code });
    setBusy(false);
    if (r.ok) setCodes(r.data.recoveryCodes);
    else setError(r.message);
  }

  if (codes) {
    return (
      <div className="space-y-4">
        <Notice tone="success">Two-factor authentication is on.</Notice>
        <RecoveryCodes codes={codes} />
        <Button
          onClick={() => {
            router.push("/account");
            router.refresh();
          }}
        >
          I have saved my codes
        </Button>
      </div>
    );
  }
  if (enrolled)
    return (
      <div className="space-y-3">
        <Notice tone="success">Two-factor authentication is already on for your account.</Notice>
        <Button onClick={() => router.push("/account")}>Back to your account</Button>
      </div>
    );
  if (!enrolment)
    return error ? (
      <Notice tone="error">{error}</Notice>
    ) : (
      <p role="status" className="text-sm text-slate-600">
        Preparing…
      </p>
    );
  return (
    <form onSubmit={confirm} className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL QR code, not an optimisable asset */}
        <img
          src={enrolment.qrDataUrl}
          alt="QR code for your authenticator app"
          width={200}
          height={200}
          className="rounded border border-slate-200"
        />
        <div className="text-sm text-slate-600">
          <p>Can’t scan? Enter this key manually:</p>
          <code
            className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs"
            aria-label="Manual setup key"
          >
            {enrolment.secret}
          </code>
        </div>
      </div>
      <TextField
        id="totp-code"
        label="6-digit code from the app"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <Button type="submit" disabled={busy || code.trim().length < 6}>
        {busy ? "Checking…" : "Turn on"}
      </Button>
    </form>
  );
}
