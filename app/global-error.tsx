"use client";
import "./globals.css";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900">
        <ErrorPanel
          title="Something went wrong"
          message="Veil could not render this page."
          errorId={error.digest ?? "unavailable"}
        />
      </body>
    </html>
  );
}
