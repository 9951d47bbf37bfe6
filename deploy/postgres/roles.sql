-- The apps' database roles, least privilege (psql variables: writer, reader, writer_password,
-- reader_password, dbname). The cluster's owner (POSTGRES_USER) is for administration only.
\set ON_ERROR_STOP on

-- The projector (and `newswire replay`, run as it) creates, owns and switches the read model's schemas.
create role :"writer" login password :'writer_password';
grant connect, create on database :"dbname" to :"writer";

-- The api reads, and nothing more: no DDL, no writes, no temporary tables.
create role :"reader" login password :'reader_password';
grant connect on database :"dbname" to :"reader";

-- Nothing through PUBLIC either (by default it may connect and make temporary tables).
revoke all on database :"dbname" from public;

-- Whatever the writer creates later (each replay makes new schemas and tables) the reader may read.
alter default privileges for role :"writer" grant usage on schemas to :"reader";
alter default privileges for role :"writer" grant select on tables to :"reader";

-- Nobody else creates objects in public (PostgreSQL 15 and later already refuse it).
revoke create on schema public from public;
