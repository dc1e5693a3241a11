import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { newCaptchaChallenge } from "@/lib/server/auth/captcha";

/** Solves a fresh server challenge the way the browser widget does; returns the form payload. */
export async function solvedCaptcha(): Promise<string> {
  const challenge = await newCaptchaChallenge();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("could not solve the test challenge");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}
