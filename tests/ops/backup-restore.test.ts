// `bun run backup` on a running gallery, `bun run restore` into an empty DATA_DIR, and the restored app serves the same gallery.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { openDataDirDatabase } from "../helpers/generation";
import { REPO_ROOT, spawnServer, type SpawnedServer } from "../helpers/processes";
import { insertRender } from "../helpers/test-app";
import { installNetworkGuard, expectNoExternalRequests } from "../helpers/network-guard";
import { loadConfig } from "../../src/config";
import { backupData, POSTGRES_BACKUP_REFUSED, restoreData, type Manifest } from "../../src/ops/backup";

const root = mkdtempSync(join(tmpdir(), "gallery-backup-"));
const servers: SpawnedServer[] = [];
const guard = installNetworkGuard();
afterAll(async () => {
  for (const server of servers) await server.kill();
  guard.uninstall();
  expectNoExternalRequests();
  rmSync(root, { recursive: true, force: true });
});

function runScript(name: "backup" | "restore", dataDir: string, args: string[]) {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? root, NODE_ENV: "test", DATA_DIR: dataDir };
  const result = Bun.spawnSync([process.execPath, "run", name, ...args], { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` };
}

async function startOn(dataDir: string) {
  const server = spawnServer(dataDir);
  servers.push(server);
  await server.ready();
  return server;
}

test("a backup taken while the app runs restores into an empty DATA_DIR with the same gallery, files and balance", async () => {
  const live = join(root, "live");
  const a = await startOn(live);
  const signIn = await fetch(`${a.baseUrl}/auth/dev`, {
    method: "POST",
    headers: { origin: a.baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ email: "keeper@example.com" }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().find((line) => line.startsWith("session="))!.split(";")[0]!;
  const { user_id } = (await signIn.json()) as { user_id: number };

  // The running app's database gets a balance and two finished renders whose files are on disk.
  const sqlite = openDataDirDatabase(live);
  sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 42, 'grant')").run(user_id);
  const ids = [insertRender(sqlite, { basePrompt: "a kept lighthouse" }), insertRender(sqlite, { basePrompt: "a kept harbour", stylePhrase: "ink" })];
  for (const id of ids) {
    const row = sqlite.query("SELECT image_path, thumb_path FROM renders WHERE id = ?").get(id) as { image_path: string; thumb_path: string };
    for (const [path, colour] of [[row.image_path, "#c33"], [row.thumb_path, "#3c3"]] as const) {
      const file = join(live, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, await sharp({ create: { width: 16, height: 16, channels: 3, background: colour } }).webp().toBuffer());
    }
  }
  sqlite.close();
  const account = async (server: SpawnedServer) => (await (await fetch(`${server.baseUrl}/me`, { headers: { cookie, accept: "application/json" } })).json()) as { user_id: number; credits: number };
  const health = async (server: SpawnedServer) => ((await (await fetch(`${server.baseUrl}/health`)).json()) as { counts: unknown }).counts;
  const before = { account: await account(a), counts: await health(a) };
  expect(before.account).toMatchObject({ user_id, credits: 42 });
  expect(before.counts).toMatchObject({ public_renders: 2, styles: 2 });

  const backupDir = join(root, "backup");
  const backup = runScript("backup", live, ["--to", backupDir]);
  expect(backup.output).toContain("Backed up");
  expect(backup.code).toBe(0);
  const manifest = JSON.parse(readFileSync(join(backupDir, "manifest.json"), "utf8")) as Manifest;
  expect(manifest.files).toHaveLength(4);
  for (const file of manifest.files) {
    expect(file.sha256).toBe(new Bun.CryptoHasher("sha256").update(readFileSync(join(live, file.key))).digest("hex"));
  }
  await a.kill();

  // A restore refuses a data folder that is in use, and fills an empty one.
  expect(runScript("restore", live, ["--from", backupDir]).code).toBe(1);
  const restored = join(root, "restored", "data");
  expect(existsSync(restored)).toBe(false);
  const restore = runScript("restore", restored, ["--from", backupDir]);
  expect(restore.output).toContain("Restored");
  expect(restore.code).toBe(0);

  const b = await startOn(restored);
  expect(await health(b)).toEqual(before.counts);
  expect(await account(b)).toEqual(before.account);
  for (const id of ids) {
    const page = await fetch(`${b.baseUrl}/r/${id}`);
    expect(page.status).toBe(200);
    const image = await fetch(`${b.baseUrl}/images/2026/11/${id}.webp`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(readFileSync(join(backupDir, "files", "images", "2026", "11", `${id}.webp`)));
  }
}, 60_000);

test("a backup whose file was altered is refused before anything is written", () => {
  const dataDir = join(root, "tampered-source");
  const key = `images/2026/11/${crypto.randomUUID()}.webp`;
  mkdirSync(join(dataDir, "images", "2026", "11"), { recursive: true });
  openDataDirDatabase(dataDir).close();
  writeFileSync(join(dataDir, key), "original");
  const backupDir = join(root, "tampered");
  expect(runScript("backup", dataDir, ["--to", backupDir]).code).toBe(0);
  writeFileSync(join(backupDir, "files", key), "altered!");
  const target = join(root, "tampered-target");
  const restore = runScript("restore", target, ["--from", backupDir]);
  expect(restore.code).toBe(1);
  expect(restore.output).toContain(`${key} in the backup does not match its manifest entry`);
  expect(existsSync(target)).toBe(false);
});

test("on PostgreSQL, backup and restore refuse with what to use instead, and write nothing", async () => {
  const root = mkdtempSync(join(tmpdir(), "backup-pg-"));
  const config = loadConfig({ DATA_DIR: join(root, "data"), DATABASE_URL: "postgres://gallery:secret@127.0.0.1:5432/gallery" });
  await expect(backupData(config, join(root, "backup"))).rejects.toThrow(POSTGRES_BACKUP_REFUSED);
  await expect(restoreData(join(root, "backup"), config)).rejects.toThrow(POSTGRES_BACKUP_REFUSED);
  expect(existsSync(join(root, "backup"))).toBe(false);
  expect(existsSync(join(root, "data"))).toBe(false);
  rmSync(root, { recursive: true, force: true });
});
