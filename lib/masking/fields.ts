// Field types: validation, normalisation and masks. Pure functions, shared by the portal, the
// partner API and the Data Mirror. Nothing here touches keys or the database.
import { MASK } from "./levels";

// Built once: a Mirror run masks millions of cells, each with a few dots.
const DOTS = Array.from({ length: 40 }, (_, n) => MASK.repeat(n));
const dots = (n: number) => (n <= 0 ? "" : (DOTS[n] ?? MASK.repeat(n)));

// ---- PAN (card number) -------------------------------------------------------------
export function normalisePan(v: string) {
  return v.replace(/[\s-]/g, "");
}
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
/** `•••• 1111`; PCI DSS allows at most the first 6 and last 4, used for `partial`. */
export function maskPan(pan: string, level: "last4" | "partial"): string {
  const d = normalisePan(pan);
  if (level === "partial" && d.length >= 13)
    return `${d.slice(0, 6)}${dots(d.length - 10)}${d.slice(-4)}`.replace(/(.{4})(?=.)/g, "$1 ");
  return `${dots(4)} ${d.slice(-4)}`;
}

// ---- IBAN ----------------------------------------------------------------------------
export function normaliseIban(v: string) {
  return v.replace(/\s/g, "").toUpperCase();
}
/** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanValid(raw: string): boolean {
  const v = normaliseIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(v)) return false;
  const rearranged = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const n = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of n) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}
/**
 * Country and check digits, then the last four: `GB82 •••• •••• •••• •• 5432`. Anything too short
 * to be an IBAN (a mislabelled column in an uploaded file) shows nothing but dots: the first and
 * last four of a short value would be all of it.
 */
export function maskIban(iban: string): string {
  const v = normaliseIban(iban);
  if (v.length < 12) return dots(4);
  let mid = "";
  for (let i = 0; i < v.length - 8; i++) mid += i > 0 && i % 4 === 0 ? ` ${MASK}` : MASK;
  return `${v.slice(0, 4)} ${mid} ${v.slice(-4)}`;
}

// ---- National ID ---------------------------------------------------------------------
export function normaliseNationalId(v: string) {
  return v.replace(/[\s-]/g, "").toUpperCase();
}
export function nationalIdValid(v: string) {
  return /^[A-Z0-9]{5,20}$/.test(normaliseNationalId(v));
}
export function maskNationalId(v: string, level: "last4" | "partial"): string {
  const n = normaliseNationalId(v);
  const keep = level === "partial" ? 2 : Math.min(4, Math.floor(n.length / 2));
  return `${dots(n.length - keep)}${n.slice(-keep)}`;
}

// ---- Date of birth -----------------------------------------------------------------
export function dobValid(v: string, today = new Date()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return false;
  return d <= today && d.getUTCFullYear() >= 1900;
}
/** `partial`: the year only; `generalised`: a 10-year band (`1980–1989`). */
export function maskDob(v: string, level: "partial" | "generalised"): string {
  const year = Number(v.slice(0, 4));
  if (level === "partial") return String(year);
  const start = Math.floor(year / 10) * 10;
  return `${start}–${start + 9}`;
}

// ---- Email ---------------------------------------------------------------------------
export function normaliseEmail(v: string) {
  return v.trim().toLowerCase();
}
/** `j•••@example.com`: the first character of the local part and the domain. */
export function maskEmail(v: string): string {
  const email = normaliseEmail(v);
  const at = email.indexOf("@");
  // As split("@") read it: the domain ends at a second "@", if any.
  const end = email.indexOf("@", at + 1);
  const domain = at < 0 ? "" : email.slice(at + 1, end < 0 ? undefined : end);
  if (at < 1 || !domain) return dots(3);
  return `${email[0]}${dots(3)}@${domain}`;
}

// ---- Phone ---------------------------------------------------------------------------
export function normalisePhone(v: string) {
  return v.replace(/[\s().-]/g, "");
}
export function phoneValid(v: string) {
  return /^\+[1-9]\d{6,14}$/.test(normalisePhone(v));
}
/** E.164 keeps `+` and the country code's first digit plus the last `keep` (2–4) digits. */
export function maskPhone(v: string, keep: 2 | 3 | 4 = 2): string {
  const p = normalisePhone(v);
  return `+${dots(p.length - 1 - keep)}${p.slice(-keep)}`;
}

// ---- Address, name -------------------------------------------------------------------
export function maskAddress(city: string, country: string): string {
  return [city, country].filter(Boolean).join(", ");
}
/** `J. S.`: initials only. */
export function maskName(full: string): string {
  return full
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join(" ");
}

/**
 * A card number or IBAN as people read one: groups of four ("4111 1111 1111 1111"), so a long
 * value wraps at a group boundary and can be read out or compared group by group.
 */
export function groupInFours(value: string): string {
  return (value.replace(/\s+/g, "").match(/.{1,4}/g) ?? []).join(" ");
}

/** What a masked value looks like when the policy says redacted or hidden. */
export const REDACTED = "[redacted]";
