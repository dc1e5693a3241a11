/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  productionBrowserSourceMaps: false,
  typedRoutes: false,
  serverExternalPackages: [
    "bcrypt",
    "pkcs11js",
    "pino",
    "ioredis",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg-boss",
  ],
  experimental: {
    taint: true,
    // Body ceilings (lib/server/http/body-limits.ts, MAX_ACTION_BYTES): actions take 1 MB, and the
    // proxy (middleware) buffers no more than that of any body it sees.
    serverActions: { bodySizeLimit: "1mb" },
    proxyClientMaxBodySize: "1mb",
  },
  // Type errors and lint are checked by `npm test`; the build stays a build.
  typescript: { ignoreBuildErrors: false },
  outputFileTracingIncludes: { "/api/ready": ["./prisma/migrations/**/*"] },
};

export default nextConfig;
