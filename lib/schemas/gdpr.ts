import { z } from "zod";
import { customerIdSchema } from "./customers";

/** A subject access export answers a request on file: its case reference is the recorded purpose. */
export const subjectExportSchema = z
  .object({
    customerId: customerIdSchema,
    caseRef: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{3,32}$/, "Use the case reference: 3–32 letters, digits or dashes."),
  })
  .strict();
