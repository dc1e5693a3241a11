"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { MENU_ITEM, MENU_PANEL } from "@/components/ui/menu-styles";
import { ROLE_LABELS, ROLES, roleCan, type RoleName } from "@/lib/policy/capabilities";
import type { UserRow } from "@/lib/schemas/users";
import type { useAdminAction } from "../../_components/use-admin-action";
import { changeRoleAction } from "../actions";

/** "Change role ▸": every other role; granting user management is confirmed first. */
export function RoleMenu({
  user,
  disabled,
  admin,
}: {
  user: UserRow;
  disabled: boolean;
  admin: ReturnType<typeof useAdminAction>;
}) {
  function choose(role: RoleName) {
    const change = () =>
      admin.perform(`Role changed to ${ROLE_LABELS[role]}.`, () =>
        changeRoleAction({ userId: user.id, role }),
      );
    // Granting user management is granting everything: confirm it.
    if (roleCan(role, "users.manage"))
      admin.setConfirm({
        title: `Make ${user.email} ${ROLE_LABELS[role]}?`,
        description: `${ROLE_LABELS[role]} accounts manage every user, partner and key, and must use two-factor authentication.`,
        label: `Make ${ROLE_LABELS[role]}`,
        go: change,
      });
    else void change();
  }
  return (
    <Menu.Sub>
      <Menu.SubTrigger className={MENU_ITEM} disabled={disabled}>
        Change role ▸
      </Menu.SubTrigger>
      <Menu.Portal>
        <Menu.SubContent className={MENU_PANEL}>
          {ROLES.filter((r) => r !== user.role).map((role) => (
            <Menu.Item key={role} className={MENU_ITEM} onSelect={() => choose(role)}>
              {ROLE_LABELS[role]}
            </Menu.Item>
          ))}
        </Menu.SubContent>
      </Menu.Portal>
    </Menu.Sub>
  );
}
