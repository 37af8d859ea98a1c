// Which webhook URLs the app will call. In production: https only, and every address the host resolves to must be
// public (no loopback, private, link-local, CGNAT, multicast or unspecified), checked after DNS resolution so a
// name pointing at an internal address is refused too. Development and tests may use loopback http receivers.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/** IPv4 ranges that are not the public internet: [network, prefix length]. */
const INTERNAL_V4: [string, number][] = [
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
  ["224.0.0.0", 3],
];

function v4Number(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

function isInternalV4(address: string): boolean {
  const value = v4Number(address);
  return INTERNAL_V4.some(([network, prefix]) => Math.floor(value / 2 ** (32 - prefix)) === Math.floor(v4Number(network) / 2 ** (32 - prefix)));
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail becomes the last two). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split("%")[0]!;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4Tail) {
    const value = v4Number(v4Tail);
    text = text.slice(0, -v4Tail.length) + `${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}

function isInternalV6(address: string): boolean {
  const g = v6Groups(address);
  const embeddedV4 = () => `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  if (g.slice(0, 6).every((group) => group === 0)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (g.slice(0, 5).every((group) => group === 0) && g[5] === 0xffff) return isInternalV4(embeddedV4()); // IPv4-mapped
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return isInternalV4(embeddedV4()); // NAT64
  return (
    (g[0]! & 0xfe00) === 0xfc00 || // unique local
    (g[0]! & 0xffc0) === 0xfe80 || // link-local
    (g[0]! & 0xff00) === 0xff00 || // multicast
    (g[0] === 0x2001 && g[1] === 0x0db8) || // documentation
    (g[0] === 0x0100 && g.slice(1, 4).every((group) => group === 0)) // discard
  );
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !isInternalV4(address);
  if (family === 6) return !isInternalV6(address);
  return false;
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
