// A throwaway PostgreSQL cluster for tests: initdb + pg_ctl from Debian's postgresql package, run as the unprivileged
// `postgres` user when the tests run as root, on a free port, in a temp dir removed again by stop().
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./processes";

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin; 15 is preferred, else the newest. */
export function postgresBinDir(): string | null {
  const override = process.env.PG_BIN_DIR;
  if (override) return existsSync(join(override, "initdb")) ? override : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  const chosen = majors.includes("15") ? "15" : majors[0];
  return chosen ? join(root, chosen, "bin") : null;
}

interface RunAs {
  /** The command prefix that runs a program as the cluster's owner (empty when that is already us). */
  prefix: string[];
  uid: number;
  gid: number;
}

function clusterOwner(): RunAs | string {
  const me = userInfo();
  if (me.uid !== 0) return { prefix: [], uid: me.uid, gid: me.gid };
  const passwd = Bun.spawnSync(["getent", "passwd", "postgres"]).stdout.toString().trim();
  if (!passwd) return "running as root and there is no unprivileged `postgres` user to run the cluster as";
  const [, , uid, gid] = passwd.split(":");
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((path) => existsSync(path));
  if (!runuser) return "running as root and runuser is missing, so the cluster cannot run as `postgres`";
  return { prefix: [runuser, "-u", "postgres", "--"], uid: Number(uid), gid: Number(gid) };
}

/** Why these tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  const bin = postgresBinDir();
  if (!bin) return "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; `apt-get install postgresql`, as .ci/run does)";
  const owner = clusterOwner();
  return typeof owner === "string" ? owner : null;
}

/** TMPDIR, unless the cluster's owner cannot reach into it (root's private TMPDIR): then /tmp. */
function reachableTempRoot(owner: RunAs): string {
  const root = tmpdir();
  if (owner.prefix.length === 0) return root;
  return Bun.spawnSync([...owner.prefix, "test", "-x", root]).exitCode === 0 ? root : "/tmp";
}

let skipReported = false;
/** For `describe.skipIf(...)`: true (with one line saying why) when PostgreSQL cannot run here. */
export function skipWithoutPostgres(): boolean {
  const reason = postgresUnavailable();
  if (reason && !skipReported) {
    skipReported = true;
    console.warn(`PostgreSQL tests skipped: ${reason}`);
  }
  return reason !== null;
}

export interface TestPostgres {
  /** A superuser URL for the `postgres` database over TCP on 127.0.0.1. */
  url: string;
  port: number;
  /** A fresh, empty database on this cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

function run(command: string[], what: string): string {
  const result = Bun.spawnSync(command, { stdout: "pipe", stderr: "pipe", env: { ...process.env, LC_ALL: "C.UTF-8" } });
  const output = `${result.stdout.toString()}${result.stderr.toString()}`;
  if (result.exitCode !== 0) throw new Error(`${what} failed (exit ${result.exitCode}):\n${output}`);
  return output;
}

// Settings for a cluster whose data may be lost at any moment: nothing is flushed, memory stays small.
const THROWAWAY_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  "fsync = off",
  "synchronous_commit = off",
  "full_page_writes = off",
  "shared_buffers = 16MB",
  "max_connections = 60",
  "max_wal_size = 64MB",
  "logging_collector = off",
  "log_min_messages = warning",
];

/** initdb + pg_ctl start; stop() (also run at process exit) stops it at once and removes its directory. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const owner = clusterOwner();
  if (!bin || typeof owner === "string") throw new Error(`cannot start PostgreSQL: ${postgresUnavailable()}`);
  const dir = mkdtempSync(join(reachableTempRoot(owner), "gallery-pg-"));
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, "data");
  const as = (program: string, ...args: string[]) => [...owner.prefix, join(bin, program), ...args];
  run(as("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"), "initdb");

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    Bun.spawnSync(as("pg_ctl", "stop", "-D", data, "-m", "immediate", "-w"), { stdout: "ignore", stderr: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);

  // A port picked just before the start can be taken meanwhile by another test process: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = freePort();
    appendFileSync(join(data, "postgresql.conf"), [...THROWAWAY_SETTINGS, `port = ${port}`, `unix_socket_directories = '${dir}'`, ""].join("\n"));
    try {
      run(as("pg_ctl", "start", "-D", data, "-w", "-t", "30", "-l", join(dir, "server.log")), "pg_ctl start");
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      return {
        url,
        port,
        async createDatabase(name: string) {
          if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
          const admin = new Bun.SQL(url, { max: 1 });
          try {
            await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE template0`);
          } finally {
            await admin.close();
          }
          return `postgres://postgres@127.0.0.1:${port}/${name}`;
        },
        stop,
      };
    } catch (error) {
      if (attempt >= 3) {
        stop();
        throw error;
      }
    }
  }
}
