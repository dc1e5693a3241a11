import type { Metadata } from "next";
import { Logo } from "@/components/ui/logo";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password" };

export default function SetPasswordPage() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo className="text-2xl text-brand-900" />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-brand-900">Set your password</h1>
          <p className="mt-1 text-sm text-slate-600">
            Choose a long passphrase you do not use anywhere else.
          </p>
          <SetPasswordForm />
        </div>
      </div>
    </main>
  );
}
