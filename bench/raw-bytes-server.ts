// Baseline for compressed pages: a bare Bun.serve answering /page with a file's bytes as they are, with a Content-Encoding.
// Usage: bun bench/raw-bytes-server.ts PORT FILE ENCODING
const [portArgument, file, encoding] = process.argv.slice(2);
const port = Number(portArgument);
if (!Number.isInteger(port) || port <= 0 || !file || !encoding) {
  console.error("usage: bun bench/raw-bytes-server.ts PORT FILE ENCODING");
  process.exit(2);
}

const body = new Uint8Array(await Bun.file(file).arrayBuffer());
const headers = { "content-type": "text/html; charset=utf-8", "content-encoding": encoding, vary: "Accept-Encoding" };

Bun.serve({
  hostname: "127.0.0.1",
  port,
  routes: { "/page": () => new Response(body, { headers }), "/health": () => new Response("ok") },
  fetch: () => new Response("not found", { status: 404 }),
});
export {};
