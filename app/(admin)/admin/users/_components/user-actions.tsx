"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MENU_DANGER_ITEM, MENU_ITEM, MENU_PANEL } from "@/components/ui/menu-styles";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { Modal, ModalClose } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/schemas/action";
import { ROLE_LABELS, ROLES, roleCan, type RoleName } from "@/lib/policy/capabilities";
import type { UserRow } from "@/lib/schemas/users";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import {
  changeRoleAction,
  reissueInviteAction,
  resetPasswordAction,
  resetTwoFactorAction,
  setDisabledAction,
  signOutEverywhereAction,
} from "../actions";
import { InviteLink } from "./invite-link";

export function UserActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const router = useRouter();
  const stepUp = useStepUp(stepUpAction);
  const toast = useToast();
  const [invite, setInvite] = useState<string | null>(null);
  // Consequential changes are confirmed first, in words that say what will happen.
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  async function perform<T>(label: string, action: () => Promise<ActionResult<T>>) {
    const r = await stepUp.run(action);
    if (stepUpDeclined(r)) return r;
    if (r.ok) {
      toast(label, { description: user.email });
      router.refresh();
    } else toast(r.message, { tone: "error", description: user.email });
    return r;
  }

  return (
    <div className="inline-flex flex-col items-end gap-1">
      {confirm ? null : stepUp.dialog}
      <Menu.Root>
        <Menu.Trigger asChild>
          <Button variant="secondary" size="sm" aria-label={`Manage ${user.email}`}>
            Manage <span aria-hidden="true">▾</span>
          </Button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={4} className={MENU_PANEL}>
            <Menu.Sub>
              <Menu.SubTrigger className={MENU_ITEM} disabled={isSelf}>
                Change role ▸
              </Menu.SubTrigger>
              <Menu.Portal>
                <Menu.SubContent className={MENU_PANEL}>
                  {ROLES.filter((r) => r !== user.role).map((role: RoleName) => (
                    <Menu.Item
                      key={role}
                      className={MENU_ITEM}
                      onSelect={() => {
                        const change = () =>
                          perform(`Role changed to ${ROLE_LABELS[role]}.`, () =>
                            changeRoleAction({ userId: user.id, role }),
                          );
                        // Granting user management is granting everything: confirm it.
                        if (roleCan(role, "users.manage"))
                          setConfirm({
                            title: `Make ${user.email} ${ROLE_LABELS[role]}?`,
                            description: `${ROLE_LABELS[role]} accounts manage every user, partner and key, and must use two-factor authentication.`,
                            label: `Make ${ROLE_LABELS[role]}`,
                            go: change,
                          });
                        else void change();
                      }}
                    >
                      {ROLE_LABELS[role]}
                    </Menu.Item>
                  ))}
                </Menu.SubContent>
              </Menu.Portal>
            </Menu.Sub>
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
