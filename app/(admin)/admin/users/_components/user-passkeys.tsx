"use client";
import { PasskeyItem } from "@/components/passkeys/passkey-item";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalClose } from "@/components/ui/modal";
import { Notice } from "@/components/ui/notice";
import type { PasskeyRow } from "@/lib/schemas/passkeys";
import type { UserRow } from "@/lib/schemas/users";
import type { useAdminAction } from "../../_components/use-admin-action";
import { listUserPasskeysAction, revokePasskeyAction } from "../actions";

/** (Rendered while open.) A user's passkeys for an admin: when each was added and used; revoke a lost one. */
export function UserPasskeys({
  user,
  onClose,
  admin,
}: {
  user: UserRow;
  onClose: () => void;
  admin: ReturnType<typeof useAdminAction>;
}) {
  const [rows, setRows] = useState<PasskeyRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Mounted when opened: a fresh list each time.
  useEffect(() => {
    let live = true;
    void listUserPasskeysAction({ userId: user.id }).then((r) => {
      if (!live) return;
      if (r.ok) setRows(r.data);
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [user.id]);

  async function revoke(p: PasskeyRow) {
    const r = await admin.perform(`Passkey “${p.name}” revoked; their sessions have ended.`, () =>
      revokePasskeyAction({ userId: user.id, passkeyId: p.id }),
    );
    if (r.ok) setRows((now) => now?.filter((x) => x.id !== p.id) ?? null);
  }

  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Passkeys of ${user.email}`}
      description="Revoking one stops it working at once and signs them out everywhere."
    >
      <div className="mt-4 space-y-3">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {admin.stepUp.panel ?? (
          <>
            {rows === null && !error ? (
              <p className="text-sm text-slate-600" role="status">
                Loading passkeys…
              </p>
            ) : rows?.length === 0 ? (
              <p className="text-sm text-slate-600">No passkeys registered.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {rows?.map((p) => (
                  <PasskeyItem
                    key={p.id}
                    passkey={p}
                    action={
                      <Button
                        variant="danger"
                        size="sm"
                        aria-label={`Revoke passkey ${p.name}`}
                        onClick={() => void revoke(p)}
                      >
                        Revoke
                      </Button>
                    }
                  />
                ))}
              </ul>
            )}
            <div className="flex justify-end">
              <ModalClose asChild>
                <Button variant="secondary">Done</Button>
              </ModalClose>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
