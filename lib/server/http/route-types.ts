// The shapes route() builds and handlers() serves (their own module: both import them).

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A Next.js route handler (dynamic segments arrive as a promise, as Next passes them). */
export type RouteHandler = ((
  req: Request,
  segment?: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>) & {
  /** The path `route()` served it for (so `handlers()` guards its other verbs alike). */
  path?: string;
};
