import { newCaptchaChallenge } from "@/lib/server/auth/captcha";
import { handlers, route } from "@/lib/server/http/route";

/** A fresh, signed proof-of-work challenge for the login form's ALTCHA widget. */
const challenge = route(
  {
    method: "GET",
    path: "/api/captcha",
    summary: "A proof-of-work challenge for the sign-in form",
    rateLimit: "route:captcha",
  },
  () => newCaptchaChallenge(),
);

export const { GET, POST, PUT, PATCH, DELETE } = handlers({ GET: challenge });
