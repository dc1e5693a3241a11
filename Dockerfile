# syntax=docker/dockerfile:1
# Veil on Next's standalone output. Mirrors `npm start`: migrate, then serve, as a non-root user,
# from plain JavaScript (the server bundle and the compiled CLI) and production packages only.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# pkcs11js (the HSM provider) ships no prebuilt binary: node-gyp compiles it here. The tools stay
# in the build stages; the runtime image gets only the compiled module.
RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY scripts/prisma-generate.sh scripts/prisma-engine-stub.sh ./scripts/
COPY prisma ./prisma
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
# The standalone output already has a prisma/ folder (traced migrations): copy into it, not under it.
RUN npx next build \
 && cp -r .next/static .next/standalone/.next/static \
 && mkdir -p .next/standalone/prisma .next/standalone/scripts \
 && cp -r prisma/. .next/standalone/prisma/ \
 && cp scripts/peer-address.cjs .next/standalone/scripts/ \
 && npm run build:cli && cp -r dist .next/standalone/dist \
 && node scripts/lib/runtime-modules.mjs node_modules .next/standalone/node_modules \
 && npm run sbom -- --output-file .next/standalone/sbom.cdx.json

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 VEIL_LISTEN_HOST=0.0.0.0
RUN groupadd --system --gid 10001 veil && useradd --system --uid 10001 --gid veil --home /app veil
# Owned by root and not writable by the app's user: the code cannot be changed by the process
# that runs it (run the container with a read-only root file system and a tmpfs on /tmp).
COPY --from=build /app/.next/standalone ./
LABEL org.opencontainers.image.title="Veil" \
      org.opencontainers.image.description="Self-hosted portal for sharing sensitive customer data safely" \
      dev.veil.sbom="/app/sbom.cdx.json"
USER veil
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health',{headers:{host:'localhost'}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run with DATABASE_MIGRATE_URL (owner role); the server with DATABASE_URL.
# The server runs without the owner's URL; next-auth builds its URLs from VEIL_PUBLIC_URL.
CMD ["sh", "-c", "node dist/veil.mjs db:migrate && exec env -u DATABASE_MIGRATE_URL -u VEIL_APP_DB_PASSWORD NEXTAUTH_URL=\"${NEXTAUTH_URL:-$VEIL_PUBLIC_URL}\" node -r ./scripts/peer-address.cjs server.js"]
