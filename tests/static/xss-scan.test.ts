// Runs @kitajs/ts-html-plugin's xss-scan over every TSX file: any unescaped user or DB text fails the suite.
import { expect, test } from "bun:test";

test("xss-scan finds no unescaped content", async () => {
  const scan = Bun.spawn(["node_modules/.bin/xss-scan", "--simplified"], { stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([scan.exited, new Response(scan.stdout).text(), new Response(scan.stderr).text()]);
  const report = `${out}${err}`;
  expect(report).toContain("No XSS vulnerabilities found");
  expect(code).toBe(0);
}, 120_000);
