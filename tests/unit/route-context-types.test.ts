// The route wrapper's context is typed from the spec (checked by `tsc -p tests`, the typecheck
// step of `npm test`): handlers get a principal exactly when the spec names an authenticator, and
// the path params and body the spec's schemas declare, so none of them needs a `!`.
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { Principal } from "@/lib/server/auth/principal";
import type { RouteContext } from "@/lib/server/http/route";
import { staffSession } from "@/lib/server/http/route";

describe("route context types", () => {
  it("a principal only behind an authenticator; params and body from their schemas", () => {
    type Public = RouteContext<{ method: "GET"; path: "/p"; summary: "p" }>;
    expectTypeOf<Public["principal"]>().toEqualTypeOf<null>();
    expectTypeOf<Public["params"]>().toEqualTypeOf<Record<string, never>>();

    type Guarded = RouteContext<{
      method: "POST";
      path: "/g/{id}";
      summary: "g";
      auth: typeof staffSession;
      params: z.ZodObject<{ id: z.ZodString }>;
      body: z.ZodObject<{ n: z.ZodNumber }>;
    }>;
    expectTypeOf<Guarded["principal"]>().toEqualTypeOf<Principal>();
    expectTypeOf<Guarded["params"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<Guarded["body"]>().toEqualTypeOf<{ n: number }>();
  });
});
