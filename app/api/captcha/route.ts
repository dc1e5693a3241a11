import { newCaptchaChallenge } from "@/lib/server/auth/captcha";
import { methodNotAllowed } from "@/lib/server/http/methods";

export const dynamic = "force-dynamic";

/** A fresh, signed proof-of-work challenge for the login form's ALTCHA widget. */
export async function GET() {
  return Response.json(await newCaptchaChallenge(), { headers: { "Cache-Control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
