#!/bin/sh
# First start of the compose database: create the restricted application login. Its table grants
# are set (and narrowed on the audit tables) by `veil db:roles --apply`, which the app container
# runs as the owner after every migration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE veil_app LOGIN PASSWORD '${VEIL_APP_DB_PASSWORD}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO veil_app;
SQL
