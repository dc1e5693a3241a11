"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MENU_DANGER_ITEM, MENU_ITEM, MENU_PANEL } from "@/components/ui/menu-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal, ModalClose } from "@/components/ui/modal";
import type { UserRow } from "@/lib/schemas/users";
import { useAdminAction } from "../../_components/use-admin-action";
import {
  reissueInviteAction,
  resetPasswordAction,
  resetTwoFactorAction,
  setDisabledAction,
  signOutEverywhereAction,
} from "../actions";
import { InviteLink } from "./invite-link";
import { RoleMenu } from "./role-menu";
import { UserPasskeys } from "./user-passkeys";

export function UserActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const admin = useAdminAction(user.email);
  const { stepUp, confirm, setConfirm, perform } = admin;
  const [invite, setInvite] = useState<string | null>(null);
  const [showPasskeys, setShowPasskeys] = useState(false);

  return (
    <div className="inline-flex flex-col items-end gap-1">
      {confirm || showPasskeys ? null : stepUp.dialog}
      <Menu.Root>
        <Menu.Trigger asChild>
          <Button variant="secondary" size="sm" aria-label={`Manage ${user.email}`}>
            Manage <span aria-hidden="true">▾</span>
          </Button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={4} className={MENU_PANEL}>
            <RoleMenu user={user} disabled={isSelf} admin={admin} />
            {user.invited && !user.disabled ? (
              <Menu.Item
                className={MENU_ITEM}
                onSelect={() =>
                  void perform("New invitation link created.", () =>
                    reissueInviteAction({ userId: user.id }),
                  ).then((r) => r.ok && setInvite(r.data.inviteToken))
                }
              >
                New invitation link
              </Menu.Item>
            ) : !user.invited && !user.disabled ? (
              <Menu.Item
                className={MENU_ITEM}
                disabled={isSelf}
                onSelect={() =>
                  void perform("Password reset link created; their sessions have ended.", () =>
                    resetPasswordAction({ userId: user.id }),
                  ).then((r) => r.ok && setInvite(r.data.resetToken))
                }
              >
                Reset password
              </Menu.Item>
            ) : null}
            <Menu.Item
              className={MENU_ITEM}
              disabled={!user.twoFactor}
              onSelect={() =>
                setConfirm({
                  title: `Reset two-factor for ${user.email}?`,
                  description:
                    "Their authenticator and recovery codes stop working; they must enrol again at their next sign-in.",
                  label: "Reset two-factor",
                  go: () =>
                    perform("Two-factor reset; they will enrol again.", () =>
                      resetTwoFactorAction({ userId: user.id }),
                    ),
                })
              }
            >
              Reset two-factor
            </Menu.Item>
            <Menu.Item
              className={MENU_ITEM}
              disabled={user.passkeys === 0}
              onSelect={() => setShowPasskeys(true)}
            >
              Passkeys ({user.passkeys})…
            </Menu.Item>
            <Menu.Item
              className={MENU_ITEM}
              onSelect={() =>
                void perform("Signed out everywhere.", () =>
                  signOutEverywhereAction({ userId: user.id }),
                )
              }
            >
              Sign out everywhere
            </Menu.Item>
            <Menu.Separator className="my-1 h-px bg-slate-100" />
            {user.disabled ? (
              <Menu.Item
                className={MENU_ITEM}
                onSelect={() =>
                  void perform("User enabled.", () =>
                    setDisabledAction({ userId: user.id, disabled: false }),
                  )
                }
              >
                Enable
              </Menu.Item>
            ) : (
              <Menu.Item
                className={MENU_DANGER_ITEM}
                disabled={isSelf}
                onSelect={() =>
                  setConfirm({
                    title: `Disable ${user.email}?`,
                    description:
                      "They are signed out everywhere at once and cannot sign in until enabled again.",
                    label: "Disable user",
                    go: () =>
                      perform("User disabled; their sessions have ended.", () =>
                        setDisabledAction({ userId: user.id, disabled: true }),
                      ),
                  })
                }
              >
                Disable
              </Menu.Item>
            )}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {showPasskeys ? (
        <UserPasskeys
          user={user}
          onClose={() => {
            stepUp.cancel();
            setShowPasskeys(false);
          }}
          admin={admin}
        />
      ) : null}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      <Modal
        open={invite !== null}
        onOpenChange={(o) => !o && setInvite(null)}
        title={`${user.invited ? "New invitation" : "Password reset"} for ${user.email}`}
        description="Earlier links no longer work. The user will see that a reset was issued."
      >
        <div className="mt-4">{invite ? <InviteLink token={invite} /> : null}</div>
        <div className="mt-4 flex justify-end">
          <ModalClose asChild>
            <Button>Done</Button>
          </ModalClose>
        </div>
      </Modal>
    </div>
  );
}
