// A small client written against the types openapi-typescript generates from /docs/json (see openapi.test.ts,
// which writes them beside this file as api.ts and type-checks both): search, read a render, start a matrix run.
import type { paths } from "./api";

type Answer<Operation> = Operation extends { responses: { 200: { content: { "application/json": infer Body } } } } ? Body : never;

export type SearchPage = Answer<paths["/search"]["get"]>;
export type SearchQuery = paths["/search"]["get"]["parameters"]["query"];
export type Render = Answer<paths["/render/{id}"]["get"]>;
export type MatrixRequest = paths["/matrix"]["post"]["requestBody"]["content"]["application/json"];
export type MatrixStarted = Answer<paths["/matrix"]["post"]>;
export type ApiError = paths["/matrix"]["post"]["responses"][402]["content"]["application/json"];

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export class GalleryError extends Error {
  constructor(readonly body: ApiError | { error: string; status: number }) {
    super(`${body.status}: ${body.error}`);
  }
}

export function galleryClient(baseUrl: string, apiKey: string, fetcher: Fetcher) {
  async function call<Body>(path: string, init: RequestInit = {}): Promise<Body> {
    const response = await fetcher(new URL(path, baseUrl).href, {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, accept: "application/json", ...init.headers },
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new GalleryError(body as ApiError);
    return body as Body;
  }
  return {
    search(query: SearchQuery): Promise<SearchPage> {
      const params = new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
      return call<SearchPage>(`/search?${params}`);
    },
    render(id: string): Promise<Render> {
      return call<Render>(`/render/${encodeURIComponent(id)}`);
    },
    startMatrix(request: MatrixRequest): Promise<MatrixStarted> {
      return call<MatrixStarted>("/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    },
  };
}

export type GalleryClient = ReturnType<typeof galleryClient>;

/** What a script might do: start a run, read back each cell, and find the gallery's renders in one style. */
export async function startAndRead(client: GalleryClient, prompt: string, style: string) {
  const run = await client.startMatrix({ base_prompts: [prompt], style_phrases: [style], model_keys: ["local:paint"], visibility: "private" });
  const cells = await Promise.all(run.renders.map((cell) => client.render(cell.id)));
  const page = await client.search({ q: style, limit: 5 });
  return {
    runId: run.matrix_run_id,
    creditsLeft: run.credits,
    cells: cells.map((render) => ({ id: render.id, status: render.status, prompt: render.effective_prompt, model: render.model.label, image: render.image_path ?? "not yet" })),
    found: page.results.map((render) => `${render.style_phrase}: ${render.base_prompt}`),
    more: page.next_offset !== null,
  };
}
