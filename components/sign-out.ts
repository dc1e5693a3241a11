"use client";
import { signOut } from "next-auth/react";

/**
 * Ends the session on the server, then opens the sign-in page on the host the user is on.
 * (next-auth's own redirect is built from the configured base URL, which sends someone who
 * reached Veil by another name — an internal alias, an IP — to a host they never used.)
 */
export async function signOutHere() {
  await signOut({ redirect: false });
  // A full load, not a client navigation: nothing of the signed-in session's router cache survives.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
  window.location.assign("/login?signed-out=1");
}
