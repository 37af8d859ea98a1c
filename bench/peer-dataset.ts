// Exports a synthetic database's renders as the JSONL the Python peer loads (one render a line, the fields seed_stack.py reads).
import { Database } from "bun:sqlite";
import { existsSync, renameSync } from "node:fs";

interface PeerRender {
  id: string;
  style_phrase: string;
  model_key: string;
  base_prompt: string;
  image_path: string;
  thumb_path: string;
  status: string;
  created_at: number;
}

/** Writes the JSONL once (it sits beside the cached database, so it is rebuilt with it) and returns its path. */
export async function exportPeerDataset(dbPath: string, jsonlPath: string): Promise<string> {
  if (existsSync(jsonlPath)) return jsonlPath;
  const sqlite = new Database(dbPath);
  try {
    const rows = sqlite
      .query("SELECT id, style_phrase, model_key, base_prompt, image_path, thumb_path, status, created_at FROM renders ORDER BY seq")
      .all() as PeerRender[];
    const lines = rows.map((row) => JSON.stringify({ ...row, created_at: new Date(row.created_at).toISOString() }));
    await Bun.write(`${jsonlPath}.partial`, `${lines.join("\n")}\n`);
    renameSync(`${jsonlPath}.partial`, jsonlPath);
    return jsonlPath;
  } finally {
    sqlite.close();
  }
}
