"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

// Shows only Next's digest: the details stay in the server log under the same id.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="Something went wrong"
      message="The request could not be completed. If it keeps happening, give this id to your administrator."
      errorId={error.digest ?? "unavailable"}
      action={
        <button
          onClick={reset}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
      }
    />
  );
}
