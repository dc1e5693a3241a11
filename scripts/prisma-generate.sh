#!/bin/sh
# `prisma generate` offline: Prisma 7's CLI insists on fetching a native schema engine it does not
# need for generation. Point it at a stub; migrations run through the WebAssembly engine instead.
set -e
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/prisma-engine-stub.sh"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING=1
exec node node_modules/prisma/build/index.js generate "$@"
