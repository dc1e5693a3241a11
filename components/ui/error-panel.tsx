import Link from "next/link";

/** Full-page message used by error and not-found screens: a title, a sentence, an optional id. */
export function ErrorPanel({
  title,
  message,
  errorId,
  action,
  inShell = false,
  home = { href: "/", label: "Home" },
}: {
  title: string;
  message: string;
  errorId?: string;
  action?: React.ReactNode;
  /** Inside the portal's shell, which already has the page's one <main>. */
  inShell?: boolean;
  home?: { href: string; label: string };
}) {
  const Frame = inShell ? "div" : "main";
  return (
    <Frame
      {...(inShell ? {} : { id: "main" })}
      className="flex min-h-[60vh] items-center justify-center px-6"
    >
      <div
        role="alert"
        className="max-w-md rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm"
      >
        <h1 className="text-xl font-semibold text-brand-900">{title}</h1>
        <p className="mt-2 text-slate-600">{message}</p>
        {errorId ? (
          <p className="mt-4 text-xs text-slate-600">
            Error id:{" "}
            <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">{errorId}</code>
          </p>
        ) : null}
        <div className="mt-6 flex justify-center gap-3">
          {action}
          <Link
            href={home.href}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50"
          >
            {home.label}
          </Link>
        </div>
      </div>
    </Frame>
  );
}
