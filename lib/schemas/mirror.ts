import { z } from "zod";
import { LEVELS } from "@/lib/masking/levels";
import { SEMANTIC_TYPES, type TypeName } from "@/lib/masking/types";

/** A run's options, sent beside the file (never inside it): per-column levels, k columns, project. */
export const mirrorRunSchema = z
  .object({
    choices: z
      .record(z.string().regex(/^\d{1,4}$/, "a column number"), z.enum(LEVELS))
      .optional()
      .default({}),
    kColumns: z.array(z.number().int().min(0).max(9999)).max(10).optional().default([]),
    /** The operator CLI names the policy row to mask by (a role or partner profile); staff use their role. */
    profile: z.string().max(40).optional(),
    project: z
      .string()
      .trim()
      .regex(/^[\w .-]{1,60}$/, "letters, digits, spaces, dots and dashes (up to 60)")
      .optional(),
  })
  .strict();
export type MirrorRunInput = z.input<typeof mirrorRunSchema>;

const level = z.enum(LEVELS);

/** What the preview shows about each column (no values: those come masked, in `rows`). */
export const mirrorPreviewSchema = z.object({
  delimiter: z.string(),
  encoding: z.string(),
  header: z.boolean(),
  columns: z.array(
    z.object({
      index: z.number().int(),
      header: z.string(),
      type: z.enum(Object.keys(SEMANTIC_TYPES) as [TypeName, ...TypeName[]]),
      proposed: level,
      allowed: z.array(level),
    }),
  ),
  /** The first rows, masked by the proposed rules. */
  rows: z.array(z.array(z.string())),
});
export type MirrorPreview = z.infer<typeof mirrorPreviewSchema>;
export type MirrorPreviewColumn = MirrorPreview["columns"][number];

export type MirrorRunStatus =
  | { state: "running" }
  | {
      state: "done";
      rows: number;
      bytes: number;
      k: {
        columns: number[];
        k: number;
        classes: number;
        rowsBelow5: number;
        capped: boolean;
      } | null;
    }
  | { state: "failed"; error: string };
