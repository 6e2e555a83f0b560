// A throw-away Postgres cluster on a free loopback port (initdb + pg_ctl), for
// the Postgres run of the test suite and for benchmarks. Data lives in a temp
// directory and is removed on stop.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "./free-port";

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "Postgres server binaries (initdb, pg_ctl) were not found. Install them with " +
  "`apt-get update && apt-get install -y postgresql`, or set DATABASE_URL to a Postgres you already run.";

function binDir(): string {
  const candidates = ["/usr/lib/postgresql"].filter((d) => fs.existsSync(d));
  for (const root of candidates) {
    const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = path.join(root, v, "bin");
      if (fs.existsSync(path.join(dir, "initdb"))) return dir;
    }
  }
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  throw new Error(INSTALL_HINT);
}

export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = binDir();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-pg-"));
  const data = path.join(dir, "data");
  // initdb refuses to run as root; run the server as the postgres system user then.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, cmd), args, { stdio: "pipe" });
  if (asRoot) execFileSync("chown", ["postgres", dir]);

  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", serverOptions, "-l", path.join(dir, "server.log"), "-w", "start"]);
  await waitForPort(port);

  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
