// Baseline: a bare Bun.serve answering each path with a fixed string of a given byte size. Usage: bun bench/raw-server.ts PORT /path=BYTES...
const [portArgument, ...routeArguments] = process.argv.slice(2);
const port = Number(portArgument);
if (!Number.isInteger(port) || port <= 0 || routeArguments.length === 0) {
  console.error("usage: bun bench/raw-server.ts PORT /path=BYTES [/path=BYTES...]");
  process.exit(2);
}

const headers = { "content-type": "text/html; charset=utf-8" };
const routes: Record<string, () => Response> = {};
for (const argument of routeArguments) {
  const [path, bytes] = argument.split("=");
  if (!path?.startsWith("/") || !/^\d+$/.test(bytes ?? "")) throw new Error(`bad route ${argument}`);
  // ASCII, so the string's length is its size in bytes.
  const body = "x".repeat(Number(bytes));
  routes[path] = () => new Response(body, { headers });
}
routes["/health"] = () => new Response("ok");

Bun.serve({ hostname: "127.0.0.1", port, routes, fetch: () => new Response("not found", { status: 404 }) });
