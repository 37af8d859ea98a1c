// DATABASE_URL: unset or file: → SQLite as ever; postgres:// → PostgreSQL, which the app refuses to start on (with a
// message saying why) until the data layer is ported; anything else → a clear configuration error.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../../src/config";
import { REPO_ROOT } from "../helpers/processes";

describe("DATABASE_URL", () => {
  test("unset: SQLite in DATA_DIR, as always", () => {
    const config = loadConfig({ DATA_DIR: "/srv/gallery" });
    expect(config.database).toEqual({ kind: "sqlite", path: "/srv/gallery/gallery.db" });
    expect(config.dbPath).toBe("/srv/gallery/gallery.db");
  });

  test.each([
    ["file:/var/lib/gallery/main.db", "/var/lib/gallery/main.db"],
    ["file:///var/lib/gallery/main.db", "/var/lib/gallery/main.db"],
    ["file://localhost/var/lib/my%20gallery.db", "/var/lib/my gallery.db"],
    ["file:data/other.db", resolve("data/other.db")],
  ])("%s: that SQLite file", (value, path) => {
    const config = loadConfig({ DATA_DIR: "/srv/gallery", DATABASE_URL: value });
    expect(config.database).toEqual({ kind: "sqlite", path });
    expect(config.dbPath).toBe(path);
  });

  test.each(["postgres://gallery:s3cret@db.internal:5432/gallery", "postgresql://gallery@127.0.0.1/gallery?sslmode=require", "postgres:///gallery?host=/var/run/postgresql"])(
    "%s: PostgreSQL, the URL kept as given",
    (value) => {
      expect(loadConfig({ DATABASE_URL: value }).database).toEqual({ kind: "postgres", url: value });
    },
  );

  test.each([
    ["mysql://root@localhost/gallery", "only file: (SQLite) and postgres:// or postgresql:// (PostgreSQL) are supported"],
    ["gallery.db", "only file: (SQLite) and postgres:// or postgresql:// (PostgreSQL) are supported"],
    ["file::memory:", "an in-memory database would lose every render at exit"],
    ["file:data/", "name the database file, not a folder"],
    ["file:data/gallery.db?mode=ro", "give only a path; the app sets SQLite's options itself"],
    ["file://fileserver/share/gallery.db", "a file:// URL names a file on this machine, e.g. file:///srv/gallery/gallery.db"],
    ["postgres://", "no host"],
  ])("%s is refused: %s", (value, why) => {
    expect(() => loadConfig({ DATABASE_URL: value })).toThrow(
      `DATABASE_URL must be unset (SQLite in DATA_DIR), file:path/to/gallery.db (SQLite) or postgres://user:password@host:5432/database (PostgreSQL), got "${value}": ${why}`,
    );
  });

  test("a refused URL is shown without its password", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://gallery:hunter2@db:5432:9/x y" })).toThrow(
      'got "postgres://gallery:***@db:5432:9/x y": not a valid URL',
    );
    expect(() => loadConfig({ DATABASE_URL: "mongodb://admin:pa/ss@db/x" })).toThrow('got "mongodb://admin:***@db/x"');
  });
});

describe("starting on a postgres:// DATABASE_URL nobody answers", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "gallery-pg-unreachable-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Nothing listens on port 9: the process must say it cannot reach the database, never fall back to SQLite, and
  // never print the password.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", DATA_DIR: dataDir, DATABASE_URL: "postgres://gallery:s3cret-pw@127.0.0.1:9/gallery", PORT: "0" };

  test.each([["the server", "src/index.ts"], ["a worker", "src/worker-main.ts"], ["a CLI", "scripts/seed.ts"]])("%s exits 1 saying so, and creates no SQLite file", async (_, entry) => {
    const child = Bun.spawn([process.execPath, entry], { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    expect(code).toBe(1);
    expect(stdout + stderr).toContain("Cannot open the database at PostgreSQL (DATABASE_URL)");
    expect(stdout + stderr).not.toContain("s3cret-pw");
    expect(await Bun.file(join(dataDir, "gallery.db")).exists()).toBe(false);
  });
});
