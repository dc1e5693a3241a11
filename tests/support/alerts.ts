import { recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { makeUser } from "./principals";

/** A real alert, raised the way production raises them: by a rule over an appended event. */
export async function raiseLockoutAlert() {
  const { user } = await makeUser("AGENT");
  await recordAudit({
    actor: { kind: "anonymous", ip: null, requestId: null },
    action: "auth.lockout",
    target: { type: "user", id: user.id },
    outcome: "denied",
    detail: { minutes: 15 },
  });
  const alert = await db().alert.findFirstOrThrow({ where: { subjectId: user.id } });
  return { alert, user };
}
