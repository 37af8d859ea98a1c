// /docs: a readable HTML list of the API built from the OpenAPI description at /docs/json.
import { Elysia } from "elysia";
import { prefersJson } from "../../http/negotiate";
import { htmlPage, Layout } from "../../ui/layout";
import { htmlResponse } from "../../http/html";

export interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string; description?: string }>>;
}

function renderDocsPage(spec: OpenApiDocument): string {
  const rows = Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, summary: operation.summary ?? "" })),
  );
  return htmlPage(
    <Layout title="API" path="/docs">
      <h1 class="mb-2 text-2xl font-semibold tracking-tight">API</h1>
      <p class="mb-6 text-neutral-400">
        JSON endpoints of AI Gallery. The machine-readable OpenAPI description is at{" "}
        <a class="text-amber-300 underline" href="/docs/json">
          /docs/json
        </a>
        .
      </p>
      <table class="w-full text-left text-sm">
        <thead class="text-neutral-400">
          <tr>
            <th class="py-2 pr-4">Method</th>
            <th class="py-2 pr-4">Path</th>
            <th class="py-2">What it does</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class="border-t border-white/10">
              <td class="py-2 pr-4 font-mono text-amber-300" safe>
                {row.method}
              </td>
              <td class="py-2 pr-4 font-mono" safe>
                {row.path}
              </td>
              <td class="py-2 text-neutral-300" safe>
                {row.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
