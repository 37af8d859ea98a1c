// The site's public origin (BASE_URL) for absolute links in pages: canonical URLs must be absolute to count.
// Set once by createApp; pages are built from one config per process.
let origin = "http://localhost:8000";

export function setSiteOrigin(baseUrl: string): void {
  origin = new URL(baseUrl).origin;
}

export function absoluteUrl(path: string): string {
  return new URL(path, origin).href;
}
