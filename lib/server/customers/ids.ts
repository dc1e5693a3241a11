import "server-only";
import { customerIdSchema } from "@/lib/schemas/customers";

/** Ids come from URLs and forms: anything that is not a UUID is simply not found. */
export function asCustomerId(id: unknown): string | null {
  const parsed = customerIdSchema.safeParse(id);
  return parsed.success ? parsed.data : null;
}
