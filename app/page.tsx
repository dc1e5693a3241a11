import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { homePathFor } from "@/lib/policy/capabilities";
import { getViewer } from "@/lib/server/auth/viewer";

const points = [
  [
    "Masked by role",
    "Agents see •••• 1111, analysts see tokens, officers reveal one field with a stated reason.",
  ],
  [
    "Encrypted at rest",
    "Every customer has its own data key; a stolen backup is noise without the key ring.",
  ],
  [
    "Audited, tamper-evident",
    "Each read and each admin change joins a hash chain anyone can verify.",
  ],
] as const;

export default async function LandingPage() {
  // A signed-in staff member is offered the way back in, not a second sign-in.
  const viewer = await getViewer();
  const entry = viewer
    ? { href: homePathFor(viewer.role), label: "Open the portal" }
    : { href: "/login", label: "Sign in" };
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-4">
          <Logo className="text-brand-900 text-lg" />
          <Link
            href={entry.href}
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {entry.label}
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-6 py-16">
        <h1 className="max-w-2xl text-4xl font-semibold tracking-tight text-brand-900">
          Work with customer data without exposing it.
        </h1>
        <p className="mt-4 max-w-2xl text-lg text-slate-600">
          Veil is a self-hosted portal where staff and partners see exactly what their role allows —
          and every access leaves a verifiable trail.
        </p>
        <div className="mt-8">
          <Link
            href={entry.href}
            className="inline-flex items-center rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {viewer ? "Open the portal →" : "Sign in to the portal →"}
          </Link>
        </div>
        <ul className="mt-16 grid gap-6 sm:grid-cols-3">
          {points.map(([title, body]) => (
            <li key={title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <h2 className="font-medium text-brand-900">{title}</h2>
              <p className="mt-2 text-sm text-slate-600">{body}</p>
            </li>
          ))}
        </ul>
      </main>
      <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">
        Veil · self-hosted ·{" "}
        {/* Not prefetched: Next would fetch the API route as a page on every visit. */}
        <Link href="/api/health" prefetch={false} className="underline">
          status
        </Link>
      </footer>
    </div>
  );
}
