// How much of a value a viewer may see, from everything to nothing.
export const LEVELS = [
  "plain",
  "partial",
  "last4",
  "token",
  "generalised",
  "redacted",
  "hidden",
] as const;
export type Level = (typeof LEVELS)[number];

export const MASK = "•";
