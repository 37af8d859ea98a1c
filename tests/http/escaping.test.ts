// Hostile prompt and style text (script tags, quotes, attribute breakers) is shown as text on every page, never run.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { slugifyStyle } from "../../src/domain/style-phrase";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

const HOSTILE_STYLE = `<script>alert("style")</script> "quoted' & <b>bold</b>`;
const HOSTILE_PROMPT = `"><img src=x onerror=alert('prompt')><script>alert(1)</script>`;

let t: TestApp;
let id: string;

beforeAll(() => {
  t = createTestApp();
  id = insertRender(t.sqlite, { stylePhrase: HOSTILE_STYLE, basePrompt: HOSTILE_PROMPT });
  insertRender(t.sqlite, { stylePhrase: HOSTILE_STYLE, basePrompt: "a calm lake" });
});
afterAll(() => t.cleanup());

interface ParsedPage {
  scripts: string[];
  handlers: string[];
  boldElements: number;
  alts: string[];
  text: string;
}

/** Parses the page as a browser would (HTMLRewriter): which elements and attributes really exist. */
async function parse(html: string): Promise<ParsedPage> {
  const page: ParsedPage = { scripts: [], handlers: [], boldElements: 0, alts: [], text: "" };
  await new HTMLRewriter()
    .on("*", {
      element(element) {
        if (element.tagName === "script") page.scripts.push(element.getAttribute("src") ?? "inline");
        if (element.tagName === "b") page.boldElements++;
        if (element.tagName === "img") page.alts.push(element.getAttribute("alt") ?? "");
        for (const [name] of element.attributes) if (name.startsWith("on")) page.handlers.push(`${element.tagName} ${name}`);
      },
      text(chunk) {
        page.text += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  return page;
}

async function expectInert(html: string): Promise<ParsedPage> {
  const page = await parse(html);
  expect(page.scripts).toHaveLength(1);
  expect(page.scripts[0]).toStartWith("/app.js?v=");
  expect(page.handlers).toEqual([]);
  expect(page.boldElements).toBe(0);
  return page;
}

test.each([
  ["home", "/"],
  ["explore", "/explore?q=script%20alert"],
  ["all styles", "/explore"],
  ["style matrix", `/style/${encodeURIComponent(slugifyStyle(HOSTILE_STYLE))}`],
])("%s page shows hostile text escaped", async (_name, path) => {
  const response = await t.request(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  await expectInert(html);
  // The text is shown to the reader exactly as written (escaped in the markup, decoded on screen).
  expect(html).toContain("&lt;script&gt;alert(&quot;style&quot;)&lt;/script&gt;");
});

test("render page shows hostile prompt and style escaped, in text and in attributes", async () => {
  const html = await (await t.request(`/r/${id}`)).text();
  const page = await expectInert(html);
  expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(&#x27;prompt&#x27;)&gt;");
  // Raw attribute text: the quote that would end the attribute is escaped, so the rest stays inside it.
  expect(page.alts[0]).toStartWith("&#34;><img src=x onerror=alert('prompt')>");
});

test("a hostile search query is echoed escaped", async () => {
  const html = await (await t.request(`/explore?q=${encodeURIComponent(HOSTILE_PROMPT)}`)).text();
  await expectInert(html);
  expect(html).toContain('value="&#34;><img src=x');
});

test("JSON answers carry the text verbatim for clients to escape", async () => {
  const body = await (await t.request(`/render/${id}`)).json();
  expect(body.base_prompt).toBe(HOSTILE_PROMPT);
});
