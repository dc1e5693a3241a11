import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const serverImports = {
  patterns: [
    {
      group: ["@/lib/server/*", "@/lib/server/**", "**/lib/server/*", "**/lib/server/**"],
      message: "Client and pure code must not import server-only modules.",
    },
    {
      group: ["@/lib/generated/*", "@/lib/generated/**", "@prisma/client", "@prisma/client/*"],
      allowTypeImports: true,
      message: "Only lib/server talks to Prisma.",
    },
  ],
};

// Pages, layouts, actions and route handlers are thin: they call the data layer and never reach
// the database, the key material or the crypto behind it themselves.
const dataLayerInternals = {
  patterns: [
    {
      group: [
        "@/lib/server/db",
        "@/lib/server/crypto/*",
        "@/lib/server/secret-accessors",
        "@/lib/server/customers/ciphertexts",
        "@/lib/generated/*",
        "@/lib/generated/**",
        "@prisma/*",
        "node:crypto",
        "crypto",
      ],
      allowTypeImports: true,
      message: "app/ goes through lib/server's data functions, never Prisma or crypto directly.",
    },
  ],
};

// Only the data layer (and the migration tooling in lib/db) uses the Prisma client.
const prismaOutsideDataLayer = {
  patterns: [
    {
      group: ["@/lib/server/db", "@/lib/generated/**", "@prisma/client", "@prisma/client/*"],
      allowTypeImports: true,
      message: "Only lib/server talks to Prisma: call a data-layer function instead.",
    },
  ],
};

// Client components ("use client") must not import server code: Next would bundle it for the
// browser (or fail late). Globs cannot see the directive, so a tiny local rule does.
const veilPlugin = {
  rules: {
    "no-server-imports-in-client": {
      meta: { type: "problem", schema: [] },
      create(context) {
        const body = context.sourceCode.ast.body;
        const isClient = body.some(
          (n) => n.type === "ExpressionStatement" && n.directive === "use client",
        );
        if (!isClient) return {};
        const banned = /(^|\/)lib\/server(\/|$)|lib\/generated|^@prisma\/client|^server-only$/;
        return {
          ImportDeclaration(node) {
            if (node.importKind === "type") return;
            if (banned.test(node.source.value)) {
              context.report({
                node,
                message: `Client component imports server-only code (${node.source.value}).`,
              });
            }
          },
        };
      },
    },
  },
};

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      ".data/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "tests/fixtures/lint/**",
      "dist/**", // the compiled CLI (npm run build:cli)
      "bench/.tmp/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { veil: veilPlugin },
    rules: {
      "veil/no-server-imports-in-client": "error",
      // Configuration has one home: lib/env.ts validates it with zod.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^\\$(queryRawUnsafe|executeRawUnsafe)$/]",
          message: "Raw SQL from strings is banned: use the tagged-template $queryRaw.",
        },
        {
          selector: "CallExpression[callee.property.name=/^\\$(queryRaw|executeRaw)$/]",
          message:
            "Use the tagged-template form of $queryRaw / $executeRaw, never a call with a string.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(query|exec|\\$executeRaw|\\$queryRaw)$/] > TemplateLiteral.arguments:first-child[expressions.length>0]",
          message:
            "SQL built by interpolation: use bind parameters (query(text, values)) or a tagged template.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(query|exec)$/] > BinaryExpression.arguments:first-child[operator='+']",
          message: "SQL built by concatenation: use bind parameters (query(text, values)).",
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: [
      "lib/env.ts",
      "instrumentation.ts",
      "scripts/peer-address.cjs",
      "tests/**",
      "playwright.config.ts",
      "vitest.config.ts",
      "bench/**",
    ],
    ignores: ["tests/fixtures/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Tests issue raw statements on purpose (attacks, tampering, role switches).
    files: ["tests/**"],
    ignores: ["tests/fixtures/**"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Preloads (`node -r`): CommonJS by necessity.
    files: ["scripts/peer-address.cjs", "bench/cpu-profile-preload.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["app/**", "tests/fixtures/lint/app/**"],
    rules: { "no-restricted-imports": ["error", dataLayerInternals] },
  },
  {
    files: ["scripts/**", "components/**", "lib/seed/**", "lib/policy/**", "middleware.ts"],
    rules: { "no-restricted-imports": ["error", prismaOutsideDataLayer] },
  },
  {
    // Pure code and UI components must never reach the data layer.
    files: ["lib/masking/**", "lib/security/**", "lib/schemas/**", "components/**"],
    rules: { "no-restricted-imports": ["error", serverImports] },
  },
];

export default config;
