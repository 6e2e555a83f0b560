// The state machine is the only writer of a job's status: the SQL module's two
// status statements are called from it alone, and no other source of app/
// writes an UPDATE on VideoJob in SQL.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(__dirname, "..");
const STATE_MACHINE = "jobs/state-machine.server.ts";
const SQL_MODULE = "jobs/video-job-sql.server.ts";

/** Sources (by path under app/) that call a status statement or write an UPDATE on VideoJob, other than the two allowed. */
function otherStatusWriters(sources: Map<string, string>): string[] {
  return [...sources]
    .filter(([file, source]) => {
      if (file === SQL_MODULE) return false;
      const callsStatements = /\bupdate(JobInStatus|ShopJobsInStatus)\b/.test(source);
      const writesSql = /UPDATE\s+"VideoJob"/i.test(source);
      return writesSql || (callsStatements && file !== STATE_MACHINE);
    })
    .map(([file]) => file);
}

function appSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of fs.readdirSync(APP, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    sources.set(path.relative(APP, file).split(path.sep).join("/"), fs.readFileSync(file, "utf8"));
  }
  return sources;
}

describe("job status writers", () => {
  it("notices a status statement called, or an UPDATE on VideoJob written, outside the state machine", () => {
    const sources = new Map([
      [STATE_MACHINE, 'import { updateJobInStatus } from "./video-job-sql.server";\nawait updateJobInStatus(tx, dialect, job, fields);'],
      [SQL_MODULE, 'tx.$executeRawUnsafe(`UPDATE "VideoJob" SET ${assignments}`);'],
      ["pipeline/reconcile.server.ts", "await updateShopJobsInStatus(tx, dialect, chunk, fields);"],
      ["shop-lifecycle/erase.server.ts", 'db.$executeRawUnsafe(`update "VideoJob" set "status" = ?`, "cancelled");'],
      ["pipeline/batches.server.ts", 'db.$queryRawUnsafe(`SELECT "id" FROM "VideoJob"`);'],
    ]);
    expect(otherStatusWriters(sources)).toEqual(["pipeline/reconcile.server.ts", "shop-lifecycle/erase.server.ts"]);
  });

  it("are the state machine alone", () => {
    const sources = appSources();
    expect(sources.get(STATE_MACHINE)).toMatch(/updateJobInStatus/);
    expect(otherStatusWriters(sources)).toEqual([]);
  });
});
