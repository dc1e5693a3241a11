import { z } from "zod";

/** A case reference: letters, digits and dashes, so it cannot carry a name or free text. */
export const CASE_REF = /^[A-Z0-9-]{3,32}$/;

/** A reference into the case system a reveal or GDPR action answers; never free text. */
export const caseRefSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CASE_REF, "Use the case reference: 3–32 letters, digits or dashes.");
