import { describe, expect, it, vi } from "vitest";
import type { PartnerPrincipal } from "@/lib/policy/principal";
import { requiring } from "@/lib/server/auth/principal";

const partner = (scopes: string[]): PartnerPrincipal => ({
  kind: "partner",
  partnerId: "p1",
  profile: "basic",
  scopes,
  limits: { perMinute: 60, perHour: null, perDay: 1000 },
  network: { ipAllowList: [], corsOrigins: [] },
  purpose: "kyc_review",
  secretGeneration: 1,
  ip: null,
  requestId: null,
});

describe("a data function that requires a capability", () => {
  it("refuses a caller without it before doing anything, and names the capability it checks", async () => {
    const work = vi.fn(async () => "done");
    const read = requiring("customers.read", work);
    expect(read.capability).toBe("customers.read");
    await expect(read(partner(["customers:write"]))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(work).not.toHaveBeenCalled();
    await expect(read(partner(["customers:read"]))).resolves.toBe("done");
    expect(work).toHaveBeenCalledTimes(1);
  });
});
