"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { thresholdUpdateSchema } from "@/lib/schemas/alert-thresholds";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import { updateThresholdsAction } from "../actions";

type Setting = { name: string; label: string; min: number; max: number; value: number };

/** The rate rules' thresholds, edited together; saving needs a fresh identity check. */
export function ThresholdsForm({ settings }: { settings: Setting[] }) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [values, setValues] = useState(() =>
    Object.fromEntries(settings.map((s) => [s.name, String(s.value)])),
  );
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  /** Shows each message by its field (the server's rule, checked here first) and focuses the first. */
  function showFieldErrors(issues: { path: PropertyKey[] | string; message: string }[]) {
    const byField: Record<string, string> = {};
    for (const i of issues) {
      const name = String(Array.isArray(i.path) ? i.path[0] : i.path);
      byField[name] ??= i.message;
    }
    setFieldErrors(byField);
    const first = settings.find((s) => byField[s.name]);
    if (first) document.getElementById(`threshold-${first.name}`)?.focus();
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const changed = Object.fromEntries(
      settings
        .filter((s) => values[s.name] !== String(s.value))
        .map((s) => [s.name, values[s.name] ?? ""]),
    );
    setFieldErrors({});
    if (!Object.keys(changed).length) return setError("Nothing has changed yet.");
    const checked = thresholdUpdateSchema.safeParse(changed);
    if (!checked.success) return showFieldErrors(checked.error.issues);
    setBusy(true);
    const r = await stepUp.run(() => updateThresholdsAction(changed));
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return r.issues?.length ? showFieldErrors(r.issues) : setError(r.message);
    toast("Thresholds saved", { description: "The rules use them from now on." });
    router.refresh();
  }

  return (
    <form
      onSubmit={save}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      {stepUp.dialog}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {settings.map((s) => (
          <TextField
            key={s.name}
            id={`threshold-${s.name}`}
            label={s.label}
            type="number"
            inputMode="numeric"
            min={s.min}
            max={s.max}
            value={values[s.name]}
            hint={`${s.min}–${s.max.toLocaleString("en-GB")}`}
            error={fieldErrors[s.name]}
            onChange={(e) => setValues((v) => ({ ...v, [s.name]: e.target.value }))}
          />
        ))}
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save thresholds"}
      </Button>
    </form>
  );
}
