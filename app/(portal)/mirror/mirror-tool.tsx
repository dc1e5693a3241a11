"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { Level } from "@/lib/masking/levels";
import { ColumnRules } from "./_components/column-rules";
import { FilePicker } from "./_components/file-picker";
import { MaskedPreview } from "./_components/masked-preview";
import { RunProgress, RunResult } from "./_components/run-result";
import { StepSection } from "./_components/step-section";
import { useMirror } from "./_components/use-mirror";

/** The Data Mirror: choose a file, check the rules, mask and download. */
export function MirrorTool({
  maxBytes,
  maxRows,
  previewBytes,
}: {
  maxBytes: number;
  maxRows: number;
  previewBytes: number;
}) {
  const mirror = useMirror({ maxBytes, previewBytes });
  const { file, preview, phase, error, busy } = mirror;
  const [levels, setLevels] = useState<Record<number, Level>>({});
  const [kColumns, setKColumns] = useState<number[]>([]);
  const [project, setProject] = useState("");
  /** The project the shown preview was made under. */
  const previewed = useRef(project);

  function choose(f: File | null) {
    setLevels({});
    setKColumns([]);
    previewed.current = project;
    void mirror.choose(f, project);
  }

  // The preview follows the project as it is typed, so it shows the pseudonyms the file will get
  // (retried on the next render while a preview or run is in progress).
  const { reproject } = mirror;
  useEffect(() => {
    if (previewed.current === project) return;
    const timer = setTimeout(() => {
      void reproject(project).then((done) => {
        if (done) previewed.current = project;
      });
    }, 500);
    return () => clearTimeout(timer);
  }, [project, reproject]);

  return (
    <div className="space-y-6">
      <FilePicker
        file={file}
        maxBytes={maxBytes}
        maxRows={maxRows}
        busy={busy}
        reading={phase.kind === "previewing"}
        onChoose={choose}
      />

      {error ? <Notice tone="error">{error}</Notice> : null}

      {preview ? (
        <StepSection id="mirror-rules" title="2. Check the rules">
          <p className="mt-1 text-sm text-slate-600">
            {preview.encoding}, separated by{" "}
            {preview.delimiter === "\t" ? "tabs" : `“${preview.delimiter}”`},{" "}
            {preview.header ? "with a header row" : "no header row"}. Your role sets the least each
            column is masked; you may only choose something stricter.
          </p>
          <ColumnRules
            columns={preview.columns}
            levels={levels}
            kColumns={kColumns}
            busy={busy}
            onLevel={(column, level) => setLevels((prev) => ({ ...prev, [column]: level }))}
            onKColumns={setKColumns}
          />
          <MaskedPreview preview={preview} />
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
            <Button onClick={() => mirror.run({ levels, kColumns, project })} disabled={busy}>
              {phase.kind === "running" ? "Masking…" : "Mask and download"}
            </Button>
            {phase.kind === "running" ? (
              <Button variant="secondary" onClick={mirror.cancel}>
                Cancel
              </Button>
            ) : null}
          </div>
          {phase.kind === "running" ? <RunProgress progress={phase.progress} /> : null}
        </StepSection>
      ) : null}

      {phase.kind === "done" ? <RunResult done={phase} /> : null}
    </div>
  );
}
