import "server-only";
import { z } from "zod";
import { requiresTotp, ROLES } from "@/lib/policy/capabilities";
import type { Role } from "@/lib/generated/prisma/enums";
import { passkeyRequirementSchema } from "@/lib/schemas/passkeys";
import { appendAudit } from "@/lib/server/audit/append";
import {
  requireCapability,
  requireStepUp,
  requireUserCapability,
  type Principal,
} from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { readSetting, saveSetting } from "@/lib/server/settings";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";

// Whether the roles that must use two factors (administrators and officers) must use a passkey:
// phishing-resistant, where a TOTP code typed into a look-alike page is not. While it is on, for
// them a TOTP code no longer signs in once they have a passkey, only a passkey step-up counts,
// and until they register one they may do nothing else (as with TOTP enrolment).

const KEY = "passkeys.required";

export async function passkeysRequired(): Promise<boolean> {
  return readSetting(KEY, z.boolean(), false);
}

/** Whether this role must use a passkey as its second factor now. */
export async function passkeyRequiredFor(role: string): Promise<boolean> {
  return requiresTotp(role) && (await passkeysRequired());
}

/** An admin turns the requirement on or off (step-up; audited). */
export async function setPasskeysRequired(actor: Principal, input: unknown): Promise<boolean> {
  requireUserCapability(actor, "users.manage");
  requireStepUp(actor);
  const { required } = parseInput(passkeyRequirementSchema, input);
  // Turned on by an admin without a passkey, it would lock that admin out of the admin screens
  // until they added one: they add theirs first.
  if (required && !(await db().passkey.count({ where: { userId: actor.userId } })))
    throw new AppError(
      "CONFLICT",
      "requiring passkeys without one",
      "Add a passkey to your own account (Account page) before requiring them.",
    );
  await db().$transaction(async (tx) => {
    await saveSetting(tx, KEY, required, actor.userId);
    await appendAudit(tx, { actor, action: "settings.passkeys_required", detail: { required } });
  });
  return required;
}

/** The admin screen's view: the setting, and who it would leave without a passkey. */
export async function passkeyStatus(actor: Principal) {
  requireCapability(actor, "users.manage");
  const privileged = ROLES.filter(requiresTotp) as Role[];
  const [required, holders, privilegedWithout] = await Promise.all([
    passkeysRequired(),
    db().user.count({ where: { disabled: false, passkeys: { some: {} } } }),
    db().user.count({
      where: { disabled: false, role: { in: privileged }, passkeys: { none: {} } },
    }),
  ]);
  return { required, holders, privilegedWithout, privilegedRoles: privileged };
}
