// The Postgres client is generated from prisma/postgres/schema.prisma into
// prisma/postgres/generated-client (gitignored) and imported as "#postgres-client"
// (package.json "imports"). That schema is generated from the SQLite one
// (scripts/generate-postgres-schema.ts), so its models are the SQLite schema's
// field for field and it is typed as that client.
declare module "#postgres-client" {
  export { PrismaClient } from "@prisma/client";
}
