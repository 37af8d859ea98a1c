// HTML responses. Public pages leave through the response cache (same bytes for everyone, see response-cache.ts);
// pages rendered for one viewer go through @elysiajs/html (`privatePage`); anything else uses `htmlResponse`.
import { html } from "@elysiajs/html";
import { Elysia } from "elysia";

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/** Adds `privatePage(page)` to a feature's handlers: HTML for this viewer only, never kept by a browser or CDN. */
export const htmlPages = new Elysia({ name: "html-pages" })
  // Pages are whole documents already (the layout writes the doctype); no guessing whether a string is HTML.
  .use(html({ contentType: HTML_CONTENT_TYPE, autoDetect: false, autoDoctype: false }))
  .derive({ as: "scoped" }, ({ html: answerHtml, set }) => ({
    privatePage(page: string): Response {
      set.headers["cache-control"] = "private, no-store";
      return answerHtml(page) as Response;
    },
  }));

/** HTML answered outside a page handler (error pages, sign-in, docs): the one content type, with the given headers. */
export function htmlResponse(body: string, { status = 200, headers = {} }: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(body, { status, headers: { "content-type": HTML_CONTENT_TYPE, ...headers } });
}
