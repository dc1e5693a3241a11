#!/usr/bin/env bash
# `npm run test:image`: builds the real Dockerfile with podman and runs the image against
# PostgreSQL as a deployment would: migrate, health (and the image's HEALTHCHECK), the sign-in
# page, one partner call end to end, a non-root user on a read-only root file system, and a
# worker container running the background jobs the app asked for.
# Needs PostgreSQL on 127.0.0.1:5432 (VEIL_TEST_POSTGRES_URL) and root for podman's setup.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/image/podman-env.sh

ADMIN_URL=${VEIL_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
TAG=${VEIL_IMAGE_TAG:-localhost/veil:test}
PORT=${VEIL_IMAGE_PORT:-3987}
DB=veil_image_$$
NAME=veil-image-test-$$
fail() { echo "test:image FAILED: $*" >&2; podman logs "$NAME" 2>&1 | tail -40 >&2 || true; exit 1; }
cleanup() {
  podman rm -f "$NAME" "$NAME-worker" >/dev/null 2>&1 || true
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "test:image: building $TAG"
podman build --format docker --network=host "${BUILD_MOUNTS[@]}" -t "$TAG" . >"$IMAGE_WORK/build.log" 2>&1 ||
  { tail -40 "$IMAGE_WORK/build.log" >&2; fail "build"; }
SIZE=$(podman image inspect "$TAG" --format '{{.Size}}')
echo "test:image: image size $((SIZE / 1000000)) MB"
[ "$SIZE" -lt 600000000 ] || fail "image is $((SIZE / 1000000)) MB (limit 600)"

psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >/dev/null
DB_URL=$(node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$ADMIN_URL" "$DB")
secret() { openssl rand -base64 32; }
# What every Veil process of the deployment reads; background jobs go to the worker container.
VEIL_ENV=(-e PORT="$PORT" -e VEIL_ALLOWED_HOSTS=localhost,127.0.0.1 -e VEIL_PUBLIC_URL="http://localhost:$PORT"
  -e DATABASE_URL="$DB_URL" -e VEIL_AUTH_SECRET="$(secret)" -e VEIL_SESSION_SECRET="$(secret)"
  -e VEIL_MASTER_KEYS="k1:$(secret)" -e VEIL_BLIND_INDEX_KEY="$(secret)" -e VEIL_JOBS=external)
podman run -d --name "$NAME" --network=host --read-only --tmpfs /tmp "${VEIL_ENV[@]}" \
  -e DATABASE_MIGRATE_URL="$DB_URL" \
  "$TAG" >/dev/null 2>"$IMAGE_WORK/run.log" || { cat "$IMAGE_WORK/run.log" >&2; fail "run"; }
# (Without systemd, podman cannot schedule the health check itself: it is run by hand below.)

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 90); do
  curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break
  [ "$(podman inspect "$NAME" --format '{{.State.Running}}')" = true ] || fail "the container exited"
  sleep 1
done
curl -fsS "$BASE/api/health" >/dev/null || fail "no health within 90 s"
curl -fsS "$BASE/api/ready" | grep -q '"status":"ready' || fail "not ready (migrations?)"
echo "test:image: migrated, healthy and ready"

podman healthcheck run "$NAME" >/dev/null || fail "the image's HEALTHCHECK fails"
[ "$(podman exec "$NAME" id -u)" = 10001 ] || fail "not running as the veil user"
podman exec "$NAME" sh -c 'touch /app/server.js' 2>/dev/null && fail "the code is writable"
podman exec "$NAME" sh -c 'touch /app/x' 2>/dev/null && fail "the root file system is writable"
echo "test:image: non-root (uid 10001), code and root file system read-only, HEALTHCHECK passes"

curl -fsS "$BASE/login" | grep -q "Sign in" || fail "no sign-in page"
echo "test:image: sign-in page served"

CREDS=$(podman exec -e LOG_LEVEL=silent "$NAME" node dist/veil.mjs partners:create --name "Image test" \
  --profile basic --scopes customers:read --json)
CLIENT_ID=$(node -e 'console.log(JSON.parse(process.argv[1]).clientId)' "$CREDS")
CLIENT_SECRET=$(node -e 'console.log(JSON.parse(process.argv[1]).clientSecret)' "$CREDS")
TOKEN=$(curl -fsS "$BASE/api/v1/oauth/token" -d grant_type=client_credentials \
  --data-urlencode client_id="$CLIENT_ID" --data-urlencode client_secret="$CLIENT_SECRET" |
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).access_token))')
curl -fsS "$BASE/api/v1/customers?limit=5" -H "authorization: Bearer $TOKEN" | grep -q '"data"' ||
  fail "the partner call failed"
echo "test:image: partner token and GET /api/v1/customers answered"
# The app only asks for jobs: the partner call's audit rows are sealed by a worker container.
unsealed() { psql "$DB_URL" -tAc 'SELECT count(*) FROM "AuditEvent" WHERE seq IS NULL'; }
[ "$(unsealed)" -gt 0 ] || fail "expected the app to leave its audit rows to the worker"
podman run -d --name "$NAME-worker" --network=host --read-only --tmpfs /tmp "${VEIL_ENV[@]}" \
  "$TAG" node dist/veil.mjs worker >/dev/null 2>>"$IMAGE_WORK/run.log" || fail "worker run"
for _ in $(seq 1 30); do [ "$(unsealed)" = 0 ] && break; sleep 1; done
[ "$(unsealed)" = 0 ] || { podman logs "$NAME-worker" 2>&1 | tail -20 >&2; fail "the worker sealed nothing in 30 s"; }
podman stop -t 25 "$NAME-worker" >/dev/null
[ "$(podman inspect "$NAME-worker" --format '{{.State.ExitCode}}')" = 0 ] || fail "the worker did not stop cleanly"
echo "test:image: a worker container sealed the audit rows, and stopped cleanly on SIGTERM"
podman exec "$NAME" test -s /app/sbom.cdx.json || fail "no SBOM in the image"
echo "test:image: passed"
