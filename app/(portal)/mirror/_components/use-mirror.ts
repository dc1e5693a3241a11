"use client";
import { useRef, useState } from "react";
import { useToast } from "@/components/ui/toaster";
import type { Level } from "@/lib/masking/levels";
import type { MirrorPreview, MirrorRunStatus } from "@/lib/schemas/mirror";
import { formatBytes } from "../labels";

export type MirrorPhase =
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

/** The rules a user chose on top of the proposed ones. */
export type MirrorChoices = { levels: Record<number, Level>; kColumns: number[]; project: string };

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

function runQuery({ levels, kColumns, project }: MirrorChoices, upload: string): URLSearchParams {
  const params = new URLSearchParams({ upload });
  const rules = Object.entries(levels).map(([i, l]) => `${i}:${l}`);
  if (rules.length) params.set("rules", rules.join(","));
  if (kColumns.length) params.set("k", kColumns.join(","));
  if (project.trim()) params.set("project", project.trim());
  return params;
}

const runStatus = (run: string | null) =>
  run
    ? (fetch(`/api/mirror/runs/${run}`)
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null) as Promise<MirrorRunStatus | null>)
    : Promise.resolve(null);

function download(url: string, name: string) {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
}

/**
 * The Mirror's workflow: choose a file (previewed from its head), then mask it by streaming the
 * whole file through the server and download the result. Nothing of the file is kept anywhere.
 */
export function useMirror({ maxBytes, previewBytes }: { maxBytes: number; previewBytes: number }) {
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<MirrorPreview | null>(null);
  const [phase, setPhase] = useState<MirrorPhase>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);

  /** Reads the head of `f` as the server masks it (under `project`'s pseudonyms, if named). */
  async function previewOf(f: File, project: string) {
    const query = project.trim() ? `?${new URLSearchParams({ project: project.trim() })}` : "";
    const res = await fetch(`/api/mirror/preview${query}`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: f.slice(0, previewBytes),
    }).catch(() => null);
    if (!res?.ok) {
      setPhase({ kind: "idle" });
      setError(res ? await problemText(res) : "Veil could not be reached. Try again.");
      return;
    }
    setPreview((await res.json()) as MirrorPreview);
    setPhase({ kind: "ready" });
  }

  async function choose(f: File | null, project = "") {
    setError(null);
    setPreview(null);
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
    await previewOf(f, project);
  }

  /** The preview again under another project: it shows the pseudonyms the file will get. */
  async function reproject(project: string): Promise<boolean> {
    if (!file || (phase.kind !== "ready" && phase.kind !== "done")) return false;
    if (phase.kind === "done") URL.revokeObjectURL(phase.url);
    await previewOf(file, project);
    return true;
  }

  function run(choices: MirrorChoices) {
    if (!file || !preview) return;
    setError(null);
    const req = new XMLHttpRequest();
    xhr.current = req;
    req.open("POST", `/api/mirror/run?${runQuery(choices, preview.upload)}`);
    req.setRequestHeader("content-type", "text/csv");
    req.responseType = "blob";
    // The server reads the upload only as fast as it masks it: upload progress is mask progress.
    req.upload.onprogress = (e) =>
      e.lengthComputable && setPhase({ kind: "running", progress: e.loaded / e.total });
    const fail = async (message: string | null) => {
      const status = await runStatus(req.getResponseHeader("Veil-Mirror-Run"));
      setPhase({ kind: "ready" });
      setError(
        status?.state === "failed" ? status.error : (message ?? "The file could not be masked."),
      );
    };
    req.onload = async () => {
      if (req.status !== 200) return fail(await problemText(req.response as Blob));
      const status = await runStatus(req.getResponseHeader("Veil-Mirror-Run"));
      if (status?.state !== "done") return fail(null);
      const url = URL.createObjectURL(req.response as Blob);
      const name = maskedName(file.name);
      setPhase({ kind: "done", status, url, name });
      toast("Masked copy ready", { description: `${status.rows.toLocaleString()} rows masked.` });
      download(url, name);
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
  return {
    file,
    preview,
    phase,
    error,
    busy,
    choose,
    reproject,
    run,
    cancel: () => xhr.current?.abort(),
  };
}
