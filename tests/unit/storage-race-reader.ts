// A Worker for tests/unit/storage.test.ts: reads one file in a tight loop for a while, as another process
// serving it would, and reports how many reads saw something other than one whole version.
import { readFileSync } from "node:fs";

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ path: string; size: number; ms: number }>) => {
  const { path, size, ms } = event.data;
  const deadline = Date.now() + ms;
  let reads = 0;
  let torn = 0;
  while (Date.now() < deadline) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      torn++; // missing for a moment counts too: the old version must stay until the new one replaces it
      continue;
    }
    reads++;
    if (bytes.length !== size || bytes.indexOf(bytes[0] === 1 ? 2 : 1) !== -1) torn++;
  }
  self.postMessage({ reads, torn });
};
