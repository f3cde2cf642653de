#!/usr/bin/env bash
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d/).
# One database and one login role per component, each role owning only its database:
# plain roles (no superuser, no BYPASSRLS, no CREATEDB/CREATEROLE), as the apps' row-level
# security requires and as the local stack does (Database.createAppDatabase).
# Passwords come from the environment (compose.yaml requires each one) and reach SQL only as
# psql variables, quoted by psql.
set -euo pipefail

create() {
    local db="$1" role="$2" password="$3"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
         -v role="$role" -v db="$db" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$db" -v role="$role" <<'SQL'
ALTER SCHEMA public OWNER TO :"role";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
}

create keycloak keycloak     "${PK_KEYCLOAK_DB_PASSWORD:?PK_KEYCLOAK_DB_PASSWORD is required}"
create clinical clinical_app "${PK_CLINICAL_DB_PASSWORD:?PK_CLINICAL_DB_PASSWORD is required}"
create billing  billing_app  "${PK_BILLING_DB_PASSWORD:?PK_BILLING_DB_PASSWORD is required}"
