// /docs: a readable HTML list of the API built from the OpenAPI description at /docs/json.
import { Elysia } from "elysia";
import { prefersJson } from "../../http/negotiate";
import { htmlPage, Layout } from "../../ui/layout";
import { htmlResponse } from "../../http/html";
import { DeveloperGuide } from "../api-keys/docs-guide";

export interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string; description?: string; parameters?: { name: string; in: string }[] }>>;
}

interface Operation {
  method: string;
  path: string;
  summary: string;
  query: string[];
}

// What a request sends, for the endpoints that take a body (the OpenAPI description carries no schemas).
const BODIES: Record<string, string> = {
  "POST /auth/google": `-H "content-type: application/json" -d '{"credential":"GOOGLE_ID_TOKEN"}'`,
  "POST /auth/dev": `-H "content-type: application/json" -d '{"email":"you@example.com"}' -c cookies.txt`,
  "POST /checkout": `-H "content-type: application/json" -d '{"product":"credits_100"}'`,
  "POST /upload": `-F "file=@photo.jpg"`,
  "POST /apply-style": `-H "content-type: application/json" -d '{"upload_id":"UPLOAD_ID","style_phrase":"oil painting","model_keys":["local:paint"]}'`,
  "POST /matrix": `-H "content-type: application/json" -d '{"base_prompts":["a red fox"],"style_phrases":["watercolor"],"model_keys":["local:paint"]}'`,
  "POST /webhook/stripe": `-H "stripe-signature: t=…,v1=…" --data-binary @event.json`,
};

const QUERY_EXAMPLES: Record<string, string> = { q: "fox", next: "/studio", product: "credits_100", style: "watercolor", limit: "12" };
const SIGNED_OUT = new Set(["POST /auth/google", "POST /auth/dev", "POST /webhook/stripe"]);

/** A curl command for one operation: path parameters as CAPITALS, a body where it takes one, the session cookie where it is signed in. */
export function curlExample(operation: Operation): string {
  const key = `${operation.method} ${operation.path}`;
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => name.toUpperCase());
  const query = operation.query.filter((name) => QUERY_EXAMPLES[name]).slice(0, 1).map((name) => `${name}=${encodeURIComponent(QUERY_EXAMPLES[name]!)}`);
  const url = `"$GALLERY${path}${query.length ? `?${query.join("&")}` : ""}"`;
  const parts = ["curl"];
  if (operation.method !== "GET") parts.push(`-X ${operation.method}`, `-H "origin: $GALLERY"`);
  if (operation.method !== "GET" && !SIGNED_OUT.has(key)) parts.push("-b cookies.txt");
  if (BODIES[key]) parts.push(BODIES[key]);
  parts.push(`-H "accept: application/json"`, url);
  return parts.join(" ");
}

function renderDocsPage(spec: OpenApiDocument): string {
  const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      summary: operation.summary ?? "",
      query: (operation.parameters ?? []).filter((parameter) => parameter.in === "query").map((parameter) => parameter.name),
    })),
  );
  return htmlPage(
    <Layout title="API" path="/docs">
      <h1 class="mb-2 text-2xl font-semibold tracking-tight">API</h1>
      <p class="mb-2 text-neutral-300">
        JSON endpoints of AI Gallery. The machine-readable OpenAPI description is at{" "}
        <a class="text-amber-300 underline" href="/docs/json">
          /docs/json
        </a>
        .
      </p>
      <DeveloperGuide />
      <p class="mb-6 text-neutral-300">
        The examples read the site from <code class="font-mono">$GALLERY</code> (e.g. <code class="font-mono">GALLERY=http://localhost:8000</code>) and keep the session
        cookie from a sign-in in <code class="font-mono">cookies.txt</code>.
      </p>
      <ul class="flex flex-col gap-4" data-endpoints>
        {operations.map((operation) => (
          <li class="min-w-0 rounded-xl border border-white/10 p-4">
            <p class="font-mono text-sm break-all">
              <span class="mr-2 text-amber-300" safe>
                {operation.method}
              </span>
              <span safe>{operation.path}</span>
            </p>
            <p class="mt-1 text-sm text-neutral-300" safe>
              {operation.summary}
            </p>
            <pre class="mt-2 overflow-hidden rounded-lg bg-black/40 p-3 text-xs whitespace-pre-wrap break-all text-neutral-200" data-curl safe>
              {curlExample(operation)}
            </pre>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** `readSpec` reads the app's own /docs/json, so the page always lists exactly what is served. */
export function docsFeature(readSpec: (request: Request) => Promise<OpenApiDocument>) {
  return new Elysia({ name: "docs" }).get(
    "/docs",
    async ({ request }) => {
      const spec = await readSpec(request);
      if (prefersJson(request)) return spec;
      return htmlResponse(renderDocsPage(spec));
    },
    { detail: { hide: true } },
  );
}
