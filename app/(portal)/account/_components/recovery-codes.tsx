"use client";
import { saveFile } from "@/components/browser/save-file";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

/** The one-time view of fresh recovery codes, with ways to keep them: copy, download, print. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const toast = useToast();
  const text = `Veil recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast("Recovery codes copied", { description: "Paste them into your password manager." });
    } catch {
      toast("Could not copy", { description: "Download or print them instead.", tone: "error" });
    }
  }
  return (
    <div className="recovery-codes rounded-md border border-amber-200 bg-amber-50 p-4">
      <p className="text-sm font-medium text-amber-900">
        Save these recovery codes now. They are shown only once; each works one time.
      </p>
      <ul aria-label="Recovery codes" className="mt-3 grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1 text-center">
            {c}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2 print:hidden">
        <Button type="button" size="sm" variant="secondary" onClick={() => void copy()}>
          Copy
        </Button>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={() =>
            saveFile(new Blob([text], { type: "text/plain" }), "veil-recovery-codes.txt")
          }
        >
          Download
        </Button>
        <Button type="button" size="sm" variant="secondary" onClick={() => window.print()}>
          Print
        </Button>
      </div>
    </div>
  );
}
