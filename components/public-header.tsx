import Link from "next/link";
import { Logo } from "@/components/ui/logo";

/** The top bar of Veil's public pages (API reference, records of processing). */
export function PublicHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-4 sm:px-6">
        <Link href="/" aria-label="Veil home" className="text-brand-900">
          <Logo />
        </Link>
        {children}
      </div>
    </header>
  );
}
