// The Postgres client is generated from prisma/postgres/schema.prisma into
// prisma/postgres/generated-client (gitignored) and imported as "#postgres-client"
// (package.json "imports"). Its models are the SQLite schema's, field for
// field (test/schema-drift.db.test.ts), so it is typed as that client.
declare module "#postgres-client" {
  export { PrismaClient } from "@prisma/client";
}
