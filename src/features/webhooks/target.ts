// Which webhook URLs the app will call. In production: https only, and every address the host resolves to must be
// public (no loopback, private, link-local, CGNAT, multicast or unspecified), checked after DNS resolution so a
// name pointing at an internal address is refused too. Development and tests may use loopback http receivers.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";

export const WEBHOOK_URL_MAX_LENGTH = 2000;

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

type Lookup = (hostname: string) => Promise<{ address: string }[]>;
const systemLookup: Lookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** The URL to call, or a 400 saying why it is refused. */
export async function checkWebhookUrl(raw: string, config: Pick<Config, "isProduction">, resolve: Lookup = systemLookup): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HttpError(400, "webhook_url must be an absolute URL.");
  }
  if (url.username || url.password) throw new HttpError(400, "webhook_url must not carry a user name or password.");
  if (!config.isProduction) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new HttpError(400, "webhook_url must be an http(s) URL.");
    return url.href;
  }
  if (url.protocol !== "https:") throw new HttpError(400, "webhook_url must be an https:// URL.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolve(host)).map((entry) => entry.address);
  } catch {
    throw new HttpError(400, `webhook_url's host ${host} does not resolve.`);
  }
  if (addresses.length === 0) throw new HttpError(400, `webhook_url's host ${host} does not resolve.`);
  const internal = addresses.find((address) => !isPublicAddress(address));
  if (internal !== undefined) {
    throw new HttpError(400, `webhook_url must point to a public address: ${host} resolves to ${internal} (loopback, private or link-local).`);
  }
  return url.href;
}
