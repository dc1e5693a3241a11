/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  productionBrowserSourceMaps: false,
  typedRoutes: false,
  serverExternalPackages: [
    "bcrypt",
    "pino",
    "ioredis",
    "ioredis-mock",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
  ],
  experimental: {
    taint: true,
    serverActions: { bodySizeLimit: "1mb" },
  },
  // Type errors and lint are checked by `npm test`; the build stays a build.
  typescript: { ignoreBuildErrors: false },
  outputFileTracingIncludes: { "/api/ready": ["./prisma/migrations/**/*"] },
};

export default nextConfig;
