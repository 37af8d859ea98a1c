// A one-line terminal progress bar (redrawn in place on a TTY, a line per tenth otherwise).
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let lastDecile = -1;
  return {
    update(done: number, total: number, note = "") {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const filled = Math.round(fraction * width);
      const line = `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${note}`.trimEnd();
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
        if (done >= total) stream.write("\n");
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${line}\n`);
      }
    },
  };
}
