import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format/date-time";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { accountOverview } from "@/lib/server/users/overview";
import { PasskeysPanel } from "../_components/passkeys-panel";
import { EnrolTotp } from "./enrol-totp";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage() {
  const viewer = await viewerOrRedirect({ allowMfaPending: true });
  const account = await accountOverview(viewer);
  // No redirect once enrolled: confirming sets a new session cookie, which re-renders this page,
  // and the one-time recovery codes on it must stay until the user says they saved them.
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="Set up two-factor authentication" />
      {account.twoFactorResetAt && !account.twoFactor ? (
        <Notice tone="warning" className="mb-4">
          An administrator reset your two-factor authentication on{" "}
          {formatDateTime(account.twoFactorResetAt)} (for example after a lost phone). Your old
          authenticator entry and recovery codes no longer work: set it up again to continue.
        </Notice>
      ) : !viewer.mfaSatisfied && account.passkeyRequired ? (
        <Notice tone="warning" className="mb-4">
          Your role requires a passkey. Add one to continue: your device asks for your fingerprint,
          face or PIN.
        </Notice>
      ) : !viewer.mfaSatisfied ? (
        <Notice tone="warning" className="mb-4">
          Your role requires two-factor authentication. Set it up to continue.
        </Notice>
      ) : null}
      <div className="space-y-6">
        <Card
          title="Passkey"
          description="Phishing-resistant: your device confirms it is you for Veil's own address only."
        >
          <PasskeysPanel
            passkeys={account.passkeys}
            afterAdd={viewer.mfaSatisfied ? undefined : "/login"}
          />
        </Card>
        {account.passkeyRequired ? null : (
          <Card
            title="Authenticator app"
            description="Scan the code with Google Authenticator, 1Password, Authy or any TOTP app."
          >
            <EnrolTotp enrolled={account.twoFactor} />
          </Card>
        )}
      </div>
    </div>
  );
}
