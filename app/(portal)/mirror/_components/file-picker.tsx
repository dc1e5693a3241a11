import { StepSection } from "./step-section";
import { formatBytes } from "../labels";

/** Step 1: the file, chosen by click, keyboard or drop; its size checked before anything is sent. */
export function FilePicker({
  file,
  maxBytes,
  maxRows,
  busy,
  reading,
  onChoose,
}: {
  file: File | null;
  maxBytes: number;
  maxRows: number;
  busy: boolean;
  reading: boolean;
  onChoose: (f: File | null) => void;
}) {
  return (
    <StepSection id="mirror-file" title="1. Choose a file">
      <p id="mirror-file-hint" className="mt-1 text-sm text-slate-600">
        CSV or TSV, UTF-8 or Latin-1, up to {formatBytes(maxBytes)} and {maxRows.toLocaleString()}{" "}
        rows. Columns are recognised from their values.
      </p>
      <label
        htmlFor="mirror-input"
        className="mt-4 flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600 hover:border-brand-400 focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-200"
      >
        <span className="font-medium text-brand-700">{file ? file.name : "Select a file"}</span>
        <span className="mt-1 text-xs text-slate-500">
          {file ? formatBytes(file.size) : "or drop it here"}
        </span>
        <input
          id="mirror-input"
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          aria-describedby="mirror-file-hint"
          className="sr-only"
          disabled={busy}
          onChange={(e) => onChoose(e.target.files?.[0] ?? null)}
        />
      </label>
      {reading ? (
        <p role="status" className="mt-3 text-sm text-slate-600">
          Reading the first rows…
        </p>
      ) : null}
    </StepSection>
  );
}
