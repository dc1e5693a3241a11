#!/bin/sh
echo "Veil runs migrations through @prisma/schema-engine-wasm (npm run db:migrate); the native engine is not installed." >&2
exit 1
