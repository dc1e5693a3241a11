import { ScrollRegion } from "@/components/ui/scroll-region";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/policy/capabilities";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { accountOverview } from "@/lib/server/users/overview";
import { ChangePasswordForm } from "./_components/change-password-form";
import { PasskeysPanel } from "./_components/passkeys-panel";
import { TwoFactorPanel } from "./_components/two-factor-panel";
import { formatDateTime } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await viewerOrRedirect();
  const account = await accountOverview(viewer);
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${account.name} · ${ROLE_LABELS[account.role]} · ${account.email}`}
      />
      {account.passwordResetAt ? (
        <Notice tone="warning" className="mb-6">
          An administrator issued a password reset link for your account on{" "}
          {formatDateTime(account.passwordResetAt)}, which signed you out everywhere. If you did not
          ask for it, tell your security team.
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Password"
          description={
            account.passwordChangedAt
              ? `Last changed ${formatDateTime(account.passwordChangedAt)}`
              : undefined
          }
        >
          <ChangePasswordForm />
        </Card>
        <Card
          title="Two-factor authentication"
          description={
            account.twoFactorRequired
              ? "Required for your role."
              : "Optional for your role, and recommended."
          }
          actions={
            account.twoFactor ? <Badge tone="green">On</Badge> : <Badge tone="amber">Off</Badge>
          }
        >
          {account.twoFactor ? (
            <TwoFactorPanel
              unusedRecoveryCodes={account.unusedRecoveryCodes}
              canDisable={!account.twoFactorRequired}
              signIn={
                account.passkeys.length === 0
                  ? "code"
                  : account.passkeyRequired
                    ? "passkey-only"
                    : "passkey-first"
              }
            />
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-slate-600">
                Protect your account with a code from an authenticator app.
              </p>
              <Link
                href="/account/two-factor"
                className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
              >
                Set up two-factor
              </Link>
            </div>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <Card
          title="Passkeys"
          description={
            account.passkeyRequired
              ? "Required for your role: sign-ins and confirmations use your passkey."
              : "Sign in and confirm it is you with your device instead of a code."
          }
          actions={
            account.passkeys.length ? (
              <Badge tone="green">{account.passkeys.length} registered</Badge>
            ) : account.passkeyRequired ? (
              <Badge tone="amber">Needed</Badge>
            ) : null
          }
        >
          <PasskeysPanel passkeys={account.passkeys} />
        </Card>
      </div>
      <div className="mt-6">
        <Card
          title="Recent sign-ins"
          description="The last 10 attempts on your account. Times are UTC."
        >
          {account.signIns.length === 0 ? (
            <p className="text-sm text-slate-600">No sign-ins recorded yet.</p>
          ) : (
            <ScrollRegion label="Recent sign-ins">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Recent sign-ins</caption>
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      When
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Device
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      IP address
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      Result
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {account.signIns.map((s) => (
                    <tr key={s.id}>
                      <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(s.at)}</td>
                      <td className="py-2 pr-4">{s.device}</td>
                      <td className="py-2 pr-4 font-mono text-xs">{s.ip ?? "—"}</td>
                      <td className="py-2">
                        {s.outcome === "success" ? (
                          <Badge tone="green">Signed in</Badge>
                        ) : (
                          <Badge tone="red">Failed</Badge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {account.signIns.some((s) => s.outcome !== "success") ? (
            <Notice tone="warning" className="mt-4">
              Failed attempts you do not recognise? Change your password and tell your
              administrator.
            </Notice>
          ) : null}
        </Card>
      </div>
    </>
  );
}
