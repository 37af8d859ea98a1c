// The operator sees the first catalogue being painted: an updating line in a terminal, a line per quarter in a
// log file, and one line when it is done.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { planCatalogue } from "../../src/generation/catalogue";
import { reportCatalogueProgress } from "../../src/generation/catalogue-progress";
import { makeDataDir, openDataDirDatabase, waitFor } from "../helpers/generation";
import { captureLogs } from "../helpers/logs";
import { sqliteData } from "../../src/db/data";

const dataDir = makeDataDir();
const sqlite = openDataDirDatabase(dataDir);
afterAll(() => {
  sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function settle(runId: string, done: number, failed = 0): void {
  sqlite.query("UPDATE matrix_runs SET done_cells = ?, failed_cells = ? WHERE id = ?").run(done, failed, runId);
}

test("in a log file: a line per quarter, then the total", async () => {
  using logs = captureLogs(/catalogue/i);
  const run = (await planCatalogue(sqliteData(sqlite)))!;
  const total = run.renderIds.length;
  const written: string[] = [];
  const stop = reportCatalogueProgress(sqliteData(sqlite), run.runId, { isTTY: false, write: (text) => written.push(text) });
  try {
    settle(run.runId, Math.ceil(total / 4));
    await waitFor("the first quarter", () => logs.lines.length === 1, { timeoutMs: 5_000 });
    expect(logs.lines[0]).toBe(`Painting the catalogue: ${Math.ceil(total / 4)} of ${total}`);
    settle(run.runId, total - 1, 1);
    await waitFor("the end", () => logs.lines.some((line) => line.startsWith("Catalogue painted")), { timeoutMs: 5_000 });
    expect(logs.lines.at(-1)).toMatch(new RegExp(`^Catalogue painted: ${total - 1} images in \\d+ s, 1 failed\\.$`));
    expect(written).toEqual([]);
  } finally {
    stop();
  }
});

test("in a terminal: one line rewritten in place", async () => {
  using logs = captureLogs(/catalogue/i);
  sqlite.run("DELETE FROM renders");
  const run = (await planCatalogue(sqliteData(sqlite)))!;
  const written: string[] = [];
  const stop = reportCatalogueProgress(sqliteData(sqlite), run.runId, { isTTY: true, write: (text) => written.push(text) });
  try {
    settle(run.runId, 73);
    await waitFor("the progress line", () => written.some((text) => text.includes("73 of")), { timeoutMs: 5_000 });
    expect(written.at(-1)).toBe(`\r\x1b[2KPainting the catalogue: 73 of ${run.renderIds.length}`);
    expect(logs.lines).toEqual([]);
  } finally {
    stop();
  }
});
