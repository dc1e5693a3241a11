import type { MirrorPhase } from "./use-mirror";
import { formatBytes } from "../labels";
import { StepSection } from "./step-section";

/** How far the masking stream has come (upload progress is mask progress). */
export function RunProgress({ progress }: { progress: number }) {
  const percent = Math.round(progress * 100);
  return (
    <div className="mt-4">
      <div
        role="progressbar"
        aria-label="Masking progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className="h-full bg-brand-600 transition-[width]"
          // Set through the DOM on the client (the CSP allows that, not style attributes).
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="mt-1 text-xs text-slate-600">{percent}%</p>
    </div>
  );
}

/** Step 3: what was masked, the k-anonymity found, and the download again. */
export function RunResult({ done }: { done: Extract<MirrorPhase, { kind: "done" }> }) {
  const { status, url, name } = done;
  return (
    <StepSection id="mirror-done" title="3. Masked copy ready" tone="done">
      <p className="mt-1 text-sm text-emerald-900" role="status">
        {status.rows.toLocaleString()} rows, {formatBytes(status.bytes)} read. Nothing was kept on
        the server.
      </p>
      {status.k ? (
        <p className="mt-2 text-sm text-emerald-900">
          k-anonymity over the chosen columns: <strong>k = {status.k.k}</strong> (
          {status.k.classes.toLocaleString()} groups; {status.k.rowsBelow5.toLocaleString()} rows in
          groups smaller than 5).
        </p>
      ) : null}
      <a
        href={url}
        download={name}
        className="mt-3 inline-block text-sm font-medium text-brand-700 underline"
      >
        Download {name} again
      </a>
    </StepSection>
  );
}
