import { z } from "zod";
import { LEVELS } from "@/lib/masking/levels";
import { SEMANTIC_TYPES, type TypeName } from "@/lib/masking/types";

/** Files mirrored under one project get the same pseudonyms (joinable). */
const mirrorProject = z
  .string()
  .trim()
  .regex(/^[\w .-]{1,60}$/, "letters, digits, spaces, dots and dashes (up to 60)");

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
    project: mirrorProject.optional(),
    /** The preview this run follows (its `upload`): the file gets the pseudonyms it showed. */
    upload: z.uuid().optional(),
  })
  .strict();
export type MirrorRunInput = z.input<typeof mirrorRunSchema>;

/** A preview's options: the project, when the user named one before (or after) choosing. */
export const mirrorPreviewOptionsSchema = z.object({ project: mirrorProject.optional() }).strict();

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
  /** Names this upload's pseudonym key: a run that passes it gets the same pseudonyms. */
  upload: z.uuid(),
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
