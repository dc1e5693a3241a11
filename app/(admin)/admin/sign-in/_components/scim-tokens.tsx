"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormTextField } from "@/components/ui/form-field";
import { formatDateTime } from "@/lib/format/date-time";
import { scimTokenFormSchema, type ScimTokenRow } from "@/lib/schemas/scim";
import { CreateDialog, useCreateDialog } from "../../_components/create-dialog";
import { SecretOnce } from "../../_components/secret-once";
import { useAdminAction } from "../../_components/use-admin-action";
import { createScimTokenAction, revokeScimTokenAction } from "../actions";

/** The identity providers' SCIM tokens: made here (shown once), revoked here. */
export function ScimTokens({ tokens, endpoint }: { tokens: ScimTokenRow[]; endpoint: string }) {
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        SCIM base URL for the provider:{" "}
        <span className="font-mono text-xs wrap-anywhere">{endpoint}</span>
      </p>
      {tokens.length ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">
          No SCIM token yet: the provider cannot provision anyone.
        </p>
      )}
      <NewScimToken />
    </div>
  );
}

function TokenRow({ token }: { token: ScimTokenRow }) {
  const { stepUp, confirm, setConfirm, perform } = useAdminAction(token.name);
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
      {confirm ? null : stepUp.dialog}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      <div>
        <div className="font-medium text-slate-900">{token.name}</div>
        <div className="text-xs text-slate-500">
          Made {formatDateTime(token.createdAt)} ·{" "}
          {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : "never used"}
        </div>
      </div>
      {token.revokedAt ? (
        <Badge tone="neutral">Revoked</Badge>
      ) : (
        <Button
          size="sm"
          variant="danger"
          aria-label={`Revoke SCIM token: ${token.name}`}
          onClick={() =>
            setConfirm({
              title: `Revoke the ${token.name} token?`,
              description:
                "The provider's provisioning stops at once, until it is given a new token.",
              label: "Revoke token",
              go: () =>
                perform(
                  () => "Token revoked.",
                  () => revokeScimTokenAction({ tokenId: token.id }),
                ),
            })
          }
        >
          Revoke
        </Button>
      )}
    </li>
  );
}

function NewScimToken() {
  const form = useForm({ resolver: zodResolver(scimTokenFormSchema), defaultValues: { name: "" } });
  const dialog = useCreateDialog<{ token: string; name: string }>(() => form.reset());
  return (
    <CreateDialog
      dialog={dialog}
      trigger="New SCIM token"
      title={{ form: "New SCIM token", done: "SCIM token made" }}
      description={{
        form: "One token per identity provider. It can create, change, deactivate and delete the accounts the provider manages, never local ones.",
        done: (d) =>
          `Give it to ${d.name}'s SCIM settings now: it is shown once and stored only as a hash.`,
      }}
      submit={{
        label: "Make token",
        busy: form.formState.isSubmitting,
        onSubmit: form.handleSubmit((values) =>
          dialog.submit(
            () => createScimTokenAction(values),
            (r) => ({
              toast: { title: "SCIM token made", description: values.name },
              done: { token: r.token, name: values.name },
            }),
          ),
        ),
      }}
      result={(d) => (
        <SecretOnce id="new-scim-token" label="SCIM bearer token (shown once)" value={d.token} />
      )}
    >
      <FormTextField
        form={form}
        name="name"
        id="scim-token-name"
        label="Identity provider"
        placeholder="Okta"
        autoComplete="off"
      />
    </CreateDialog>
  );
}
