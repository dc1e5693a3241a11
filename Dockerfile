# syntax=docker/dockerfile:1
# Veil on Next's standalone output. Mirrors `npm start`: migrate, then serve, as a non-root user.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts/prisma-generate.sh scripts/prisma-engine-stub.sh ./scripts/
COPY prisma ./prisma
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
RUN npx next build \
 && cp -r .next/static .next/standalone/.next/static \
 && cp -r prisma .next/standalone/prisma

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 VEIL_LISTEN_HOST=0.0.0.0
RUN groupadd --system --gid 10001 veil && useradd --system --uid 10001 --gid veil --home /app veil
# The standalone server, plus what the migrate step needs (tsx + the wasm schema engine).
COPY --from=build --chown=veil:veil /app/.next/standalone ./
COPY --from=deps --chown=veil:veil /app/node_modules ./node_modules
COPY --from=build --chown=veil:veil /app/lib ./lib
COPY --from=build --chown=veil:veil /app/scripts ./scripts
COPY --from=build --chown=veil:veil /app/package.json /app/tsconfig.json ./
USER veil
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health',{headers:{host:'localhost'}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run with DATABASE_MIGRATE_URL (owner role); the server with DATABASE_URL.
# The server runs without the owner's URL; next-auth builds its URLs from VEIL_PUBLIC_URL.
CMD ["sh", "-c", "node --conditions=react-server --import tsx scripts/veil.ts db:migrate && exec env -u DATABASE_MIGRATE_URL -u VEIL_APP_DB_PASSWORD NEXTAUTH_URL=\"${NEXTAUTH_URL:-$VEIL_PUBLIC_URL}\" node -r ./scripts/peer-address.cjs server.js"]
