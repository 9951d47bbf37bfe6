#!/bin/sh
# Run once by the postgres image on a fresh data volume (/docker-entrypoint-initdb.d).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v writer=newswire_writer -v reader=newswire_reader \
  -v writer_password="$NEWSWIRE_WRITER_PASSWORD" -v reader_password="$NEWSWIRE_READER_PASSWORD" \
  -v dbname="$POSTGRES_DB" \
  -f /newswire/roles.sql
