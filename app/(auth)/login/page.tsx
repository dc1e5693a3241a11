import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Logo } from "@/components/ui/logo";
import { Notice } from "@/components/ui/notice";
import { getViewer } from "@/lib/server/auth/viewer";
import { homePathFor } from "@/lib/policy/capabilities";
import { safeNextPath } from "@/lib/security/paths";
import { ssoErrorMessage } from "@/lib/schemas/auth";
import { ssoSettings } from "@/lib/server/auth/oidc";
import { LoginForm } from "./_components/login-form";
import { SsoButton } from "./_components/sso-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; "signed-out"?: string; error?: string }>;
}) {
  const viewer = await getViewer();
  const { next, "signed-out": signedOut, error } = await searchParams;
  const sso = ssoSettings();
  const ssoError = ssoErrorMessage(typeof error === "string" ? error : undefined);
  if (viewer) redirect(safeNextPath(next) ?? homePathFor(viewer.role));
  const nonce = (await headers()).get("x-nonce") ?? "";
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      {/* The captcha widget reads the nonce here to style itself under the CSP. */}
      <meta name="csp-nonce" content={nonce} />
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo className="text-2xl text-brand-900" />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-brand-900">Sign in to Veil</h1>
          <p className="mt-1 text-sm text-slate-600">Use your staff account.</p>
          {signedOut !== undefined ? (
            <Notice tone="success" className="mt-4">
              You have signed out. Sign in again to continue.
            </Notice>
          ) : null}
          {ssoError ? (
            <Notice tone="error" className="mt-4">
              {ssoError}
            </Notice>
          ) : null}
          {sso ? (
            <>
              <SsoButton name={sso.name} next={safeNextPath(next)} />
              <p className="mt-4 flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">
                or with a Veil password
              </p>
            </>
          ) : null}
          <LoginForm next={safeNextPath(next)} />
        </div>
        <p className="mt-6 text-center text-xs text-slate-500">
          Every sign-in is recorded. Lost access? Ask an administrator.
        </p>
      </div>
    </main>
  );
}
