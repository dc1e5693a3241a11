"use client";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import type { Level } from "@/lib/masking/levels";
import type { MirrorPreview, MirrorRunStatus } from "@/lib/schemas/mirror";
import { formatBytes, levelLabel, TYPE_LABELS } from "./labels";

const PREVIEW_BYTES = 256 * 1024;

type Phase =
  | { kind: "idle" }
  | { kind: "previewing" }
  | { kind: "ready" }
  | { kind: "running"; progress: number }
  | {
      kind: "done";
      status: Extract<MirrorRunStatus, { state: "done" }>;
      url: string;
      name: string;
    };

/** The problem+json detail of a refused request, or a generic sentence. */
async function problemText(body: Blob | Response): Promise<string> {
  try {
    const p = JSON.parse(await body.text()) as { detail?: string; errors?: { message: string }[] };
    return p.errors?.[0]?.message ?? p.detail ?? "The file could not be masked.";
  } catch {
    return "The file could not be masked.";
  }
}

const maskedName = (name: string) =>
  `masked-${
    name
      .replace(/[^\w.-]+/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 80) || "file.csv"
  }`;

export function MirrorTool({ maxBytes, maxRows }: { maxBytes: number; maxRows: number }) {
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<MirrorPreview | null>(null);
  const [choices, setChoices] = useState<Record<number, Level>>({});
  const [kColumns, setKColumns] = useState<number[]>([]);
  const [project, setProject] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);

  async function choose(f: File | null) {
    setError(null);
    setPreview(null);
    setChoices({});
    setKColumns([]);
    if (phase.kind === "done") URL.revokeObjectURL(phase.url);
    setFile(f);
    if (!f) return setPhase({ kind: "idle" });
    if (f.size > maxBytes) {
      setPhase({ kind: "idle" });
      return setError(
        `This file is ${formatBytes(f.size)}; the limit is ${formatBytes(maxBytes)}.`,
      );
    }
    setPhase({ kind: "previewing" });
    const res = await fetch("/api/mirror/preview", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: f.slice(0, PREVIEW_BYTES),
    }).catch(() => null);
    if (!res?.ok) {
      setPhase({ kind: "idle" });
      return setError(res ? await problemText(res) : "Veil could not be reached. Try again.");
    }
    setPreview((await res.json()) as MirrorPreview);
    setPhase({ kind: "ready" });
  }

  function run() {
    if (!file || !preview) return;
    setError(null);
    const params = new URLSearchParams();
    const rules = Object.entries(choices).map(([i, l]) => `${i}:${l}`);
    if (rules.length) params.set("rules", rules.join(","));
    if (kColumns.length) params.set("k", kColumns.join(","));
    if (project.trim()) params.set("project", project.trim());
    const req = new XMLHttpRequest();
    xhr.current = req;
    req.open("POST", `/api/mirror/run?${params}`);
    req.setRequestHeader("content-type", "text/csv");
    req.responseType = "blob";
    // The server reads the upload only as fast as it masks it: upload progress is mask progress.
    req.upload.onprogress = (e) =>
      e.lengthComputable && setPhase({ kind: "running", progress: e.loaded / e.total });
    const fail = async (message: string | null) => {
      const run = req.getResponseHeader("Veil-Mirror-Run");
      const status = run
        ? ((await fetch(`/api/mirror/runs/${run}`)
            .then((r) => (r.ok ? r.json() : null))
            .catch(() => null)) as MirrorRunStatus | null)
        : null;
      setPhase({ kind: "ready" });
      setError(
        status?.state === "failed" ? status.error : (message ?? "The file could not be masked."),
      );
    };
    req.onload = async () => {
      if (req.status !== 200) return fail(await problemText(req.response as Blob));
      const run = req.getResponseHeader("Veil-Mirror-Run");
      const status = (await fetch(`/api/mirror/runs/${run}`).then((r) =>
        r.json(),
      )) as MirrorRunStatus;
      if (status.state !== "done") return fail(null);
      const url = URL.createObjectURL(req.response as Blob);
      const name = maskedName(file.name);
      setPhase({ kind: "done", status, url, name });
      toast("Masked copy ready", { description: `${status.rows.toLocaleString()} rows masked.` });
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
    };
    req.onerror = () => void fail(null);
    req.onabort = () => {
      setPhase({ kind: "ready" });
      toast("Masking cancelled");
    };
    setPhase({ kind: "running", progress: 0 });
    req.send(file);
  }

  const busy = phase.kind === "previewing" || phase.kind === "running";
  return (
    <div className="space-y-6">
      <section
        aria-labelledby="mirror-file"
        className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="mirror-file" className="text-base font-semibold text-brand-900">
          1. Choose a file
        </h2>
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
            onChange={(e) => void choose(e.target.files?.[0] ?? null)}
          />
        </label>
        {phase.kind === "previewing" ? (
          <p role="status" className="mt-3 text-sm text-slate-600">
            Reading the first rows…
          </p>
        ) : null}
      </section>

      {error ? <Notice tone="error">{error}</Notice> : null}

      {preview ? (
        <section
          aria-labelledby="mirror-rules"
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="mirror-rules" className="text-base font-semibold text-brand-900">
            2. Check the rules
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {preview.encoding}, separated by{" "}
            {preview.delimiter === "\t" ? "tabs" : `“${preview.delimiter}”`},{" "}
            {preview.header ? "with a header row" : "no header row"}. Your role sets the least each
            column is masked; you may only choose something stricter.
          </p>
          <ScrollRegion label="Column rules" className="mt-4">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-3 py-2">Column</th>
                  <th className="px-3 py-2">Recognised as</th>
                  <th className="px-3 py-2">Rule</th>
                  <th className="px-3 py-2">Quasi-identifier</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.columns.map((c) => (
                  <tr key={c.index}>
                    <td className="px-3 py-2 font-medium text-slate-900">{c.header}</td>
                    <td className="px-3 py-2 text-slate-700">{TYPE_LABELS[c.type]}</td>
                    <td className="px-3 py-2">
                      <label className="sr-only" htmlFor={`rule-${c.index}`}>
                        Rule for {c.header}
                      </label>
                      <select
                        id={`rule-${c.index}`}
                        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                        value={choices[c.index] ?? c.proposed}
                        disabled={busy}
                        onChange={(e) =>
                          setChoices((prev) => ({ ...prev, [c.index]: e.target.value as Level }))
                        }
                      >
                        {c.allowed.map((l) => (
                          <option key={l} value={l}>
                            {levelLabel(l, c.type)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Count ${c.header} as a quasi-identifier`}
                        className="h-4 w-4 rounded border-slate-300"
                        checked={kColumns.includes(c.index)}
                        disabled={busy}
                        onChange={(e) =>
                          setKColumns((prev) =>
                            e.target.checked
                              ? [...prev, c.index].slice(0, 10)
                              : prev.filter((i) => i !== c.index),
                          )
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <h3 className="mt-6 text-sm font-semibold text-slate-700">
            Preview (first rows, masked as proposed)
          </h3>
          <ScrollRegion label="Masked preview" className="mt-2 rounded-md border border-slate-200">
            <table className="w-full text-left text-xs tabular-nums">
              <thead className="bg-slate-50 text-slate-500">
                <tr>
                  {preview.columns
                    .filter((c) => c.proposed !== "hidden")
                    .map((c) => (
                      <th key={c.index} className="whitespace-nowrap px-3 py-2 font-medium">
                        {c.header}
                      </th>
                    ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.length === 0 ? (
                  <tr>
                    <td className="px-3 py-4 text-slate-500">The file has no data rows.</td>
                  </tr>
                ) : (
                  preview.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j} className="max-w-64 truncate px-3 py-1.5 text-slate-700">
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="mt-6 max-w-sm">
            <label
              htmlFor="mirror-project"
              className="mb-1 block text-sm font-medium text-slate-700"
            >
              Project (optional)
            </label>
            <input
              id="mirror-project"
              value={project}
              maxLength={60}
              disabled={busy}
              onChange={(e) => setProject(e.target.value)}
              aria-describedby="mirror-project-hint"
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <p id="mirror-project-hint" className="mt-1 text-xs text-slate-500">
              Files masked under the same project get the same pseudonyms, so they can be joined.
              Without one, every file gets its own.
            </p>
          </div>
          <div className="mt-6 flex flex-wrap items-center gap-3">
            <Button onClick={run} disabled={busy}>
              {phase.kind === "running" ? "Masking…" : "Mask and download"}
            </Button>
            {phase.kind === "running" ? (
              <Button variant="secondary" onClick={() => xhr.current?.abort()}>
                Cancel
              </Button>
            ) : null}
          </div>
          {phase.kind === "running" ? (
            <div className="mt-4">
              <div
                role="progressbar"
                aria-label="Masking progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(phase.progress * 100)}
                className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
              >
                <div
                  className="h-full bg-brand-600 transition-[width]"
                  // Set through the DOM on the client (the CSP allows that, not style attributes).
                  style={{ width: `${Math.round(phase.progress * 100)}%` }}
                />
              </div>
              <p className="mt-1 text-xs text-slate-600">{Math.round(phase.progress * 100)}%</p>
            </div>
          ) : null}
        </section>
      ) : null}

      {phase.kind === "done" ? (
        <section
          aria-labelledby="mirror-done"
          className="rounded-lg border border-emerald-200 bg-emerald-50 p-5"
        >
          <h2 id="mirror-done" className="text-base font-semibold text-emerald-900">
            3. Masked copy ready
          </h2>
          <p className="mt-1 text-sm text-emerald-900" role="status">
            {phase.status.rows.toLocaleString()} rows, {formatBytes(phase.status.bytes)} read.
            Nothing was kept on the server.
          </p>
          {phase.status.k ? (
            <p className="mt-2 text-sm text-emerald-900">
              k-anonymity over the chosen columns: <strong>k = {phase.status.k.k}</strong> (
              {phase.status.k.classes.toLocaleString()} groups;{" "}
              {phase.status.k.rowsBelow5.toLocaleString()} rows in groups smaller than 5).
            </p>
          ) : null}
          <a
            href={phase.url}
            download={phase.name}
            className="mt-3 inline-block text-sm font-medium text-brand-700 underline"
          >
            Download {phase.name} again
          </a>
        </section>
      ) : null}
    </div>
  );
}
