import { z } from "zod";
import { customerIdSchema } from "./customers";

/** The request on file a GDPR action answers: recorded as its purpose, never free text. */
export const caseRefSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,32}$/, "Use the case reference: 3–32 letters, digits or dashes.");

/** A subject access export answers a request on file: its case reference is the recorded purpose. */
export const subjectExportSchema = z
  .object({ customerId: customerIdSchema, caseRef: caseRefSchema })
  .strict();

/** An officer asks for a customer to be erased, under the erasure request's case reference. */
export const erasureRequestSchema = z
  .object({ customerId: customerIdSchema, caseRef: caseRefSchema })
  .strict();

export const decideErasureSchema = z
  .object({ requestId: z.string().uuid(), approve: z.boolean() })
  .strict();
