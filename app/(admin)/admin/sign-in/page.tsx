import type { Metadata } from "next";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { listScimTokens } from "@/lib/server/scim/tokens";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format/date-time";
import { ROLE_LABELS } from "@/lib/policy/capabilities";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { ssoStatus } from "@/lib/server/auth/sign-in-policy";
import { ScimTokens } from "./_components/scim-tokens";
import { SsoRequirementForm } from "./_components/sso-requirement-form";
import { PasskeyRequirementForm } from "./_components/passkey-requirement-form";
import { passkeyStatus } from "@/lib/server/auth/passkeys/policy";

export const metadata: Metadata = { title: "Sign-in" };

export default async function SignInSettingsPage() {
  const viewer = await viewerForPage("/admin/sign-in");
  const [s, tokens, passkeys] = await Promise.all([
    ssoStatus(viewer),
    listScimTokens(viewer),
    passkeyStatus(viewer),
  ]);
  const privileged = passkeys.privilegedRoles.map((r) => ROLE_LABELS[r].toLowerCase());
  const privilegedLabel = privileged.map((r) => `${r}s`).join(" and ");
  const host = (await headers()).get("host") ?? "localhost";
  const scimEndpoint = `${(env().VEIL_PUBLIC_URL ?? `https://${host}`).replace(/\/+$/, "")}/scim/v2`;
  return (
    <>
      <PageHeader
        title="Sign-in"
        description="How staff sign in: single sign-on through the company's identity provider, local passwords with two-factor, or both. Every change here is audited."
      />
      <div className="space-y-6">
        <Card
          title="Identity provider"
          description="OpenID Connect, set up by the server's settings."
        >
          {s.configured ? (
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Fact label="Provider">{s.name}</Fact>
              <Fact label="Issuer">
                <span className="font-mono text-xs wrap-anywhere">{s.issuer}</span>
              </Fact>
              <Fact label="Status">
                {s.reachable ? (
                  <Badge tone="green">Reachable</Badge>
                ) : (
                  <Badge tone="red">Not answering</Badge>
                )}
              </Fact>
              <Fact label="Last sign-in through it">
                {s.lastSignInAt ? formatDateTime(s.lastSignInAt) : "None yet"}
              </Fact>
              <Fact label="Accounts linked to it">{s.ssoUsers.toLocaleString("en-GB")}</Fact>
            </dl>
          ) : (
            <Notice tone="info">
              Single sign-on is not set up. Set VEIL_OIDC_ISSUER, VEIL_OIDC_CLIENT_ID,
              VEIL_OIDC_CLIENT_SECRET and VEIL_OIDC_ROLE_MAP (see the README, “Single sign-on”).
            </Notice>
          )}
        </Card>
        {s.configured ? (
          <>
            <Card
              title="Groups and roles"
              description="From VEIL_OIDC_ROLE_MAP, read at every sign-in: the first listed group a person has decides their role; no listed group, no access."
            >
              <table className="stack-on-phone w-full text-left text-sm">
                <caption className="sr-only">
                  Identity provider groups and the Veil role each gives
                </caption>
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th scope="col" className="py-2">
                      Group at the provider
                    </th>
                    <th scope="col" className="py-2">
                      Veil role
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {s.roleMap.map(([group, role]) => (
                    <tr key={group}>
                      <td className="py-2 font-mono text-xs wrap-anywhere">{group}</td>
                      <td className="py-2" data-label="Role">
                        {ROLE_LABELS[role]}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card
              title="Provisioning (SCIM 2.0)"
              description="The provider creates accounts, changes their groups and deactivates leavers: a deactivation ends every session at once."
            >
              <ScimTokens tokens={tokens} endpoint={scimEndpoint} />
            </Card>
            <Card
              title="Require single sign-on"
              description="For the roles chosen, passwords stop working at once (open password sessions end too). People in them sign in through the identity provider."
            >
              <SsoRequirementForm required={s.requiredRoles} providerName={s.name} />
              <p className="mt-4 text-sm text-slate-600">
                Break-glass account:{" "}
                {s.breakGlass ? (
                  <>
                    <span className="font-medium">{s.breakGlass.email}</span>{" "}
                    {s.breakGlass.exists ? (
                      <Badge tone="amber">Alerts on every use</Badge>
                    ) : (
                      <Badge tone="red">No active admin has this email</Badge>
                    )}
                  </>
                ) : (
                  <>
                    none (VEIL_SSO_BREAK_GLASS_EMAIL). If the provider is down, no admin can sign
                    in.
                  </>
                )}{" "}
                <Link className="text-brand-700 underline" href="/admin/users">
                  Users
                </Link>
              </p>
            </Card>
          </>
        ) : null}
        <Card
          title="Passkeys"
          description="Phishing-resistant second factor: staff add passkeys on their account page and use them to sign in and to confirm sensitive actions."
          actions={
            passkeys.required ? <Badge tone="green">Required</Badge> : <Badge>Optional</Badge>
          }
        >
          <p className="mb-4 text-sm text-slate-600">
            {passkeys.holders} active account{passkeys.holders === 1 ? " has" : "s have"} a passkey.{" "}
            {passkeys.privilegedWithout
              ? `Active ${privilegedLabel} without one: ${passkeys.privilegedWithout}.`
              : `Every active ${privileged.join(" and ")} has one.`}{" "}
            Revoke a lost one from{" "}
            <Link className="text-brand-700 underline" href="/admin/users">
              Users
            </Link>
            .
          </p>
          <PasskeyRequirementForm required={passkeys.required} rolesLabel={privilegedLabel} />
        </Card>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}
