import { z } from "zod";
import { caseRefSchema } from "./case-ref";
import { customerIdSchema } from "./customers";

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
