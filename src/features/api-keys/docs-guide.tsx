// The developer guide on /docs: API keys and scopes, and webhooks with how to verify their signature.
const CURL: string = `# Create a key on /account (or POST /api-keys while signed in), then:
curl -s https://YOUR-GALLERY/me -H "Authorization: Bearer aig_…"

curl -s https://YOUR-GALLERY/matrix \\
  -H "Authorization: Bearer aig_…" -H "Content-Type: application/json" \\
  -d '{"base_prompts":["a lighthouse"],"style_phrases":["linocut"],"model_keys":["local:paint"],
       "webhook_url":"https://example.com/gallery-hook"}'`;

const BODY: string = `POST https://example.com/gallery-hook
Content-Type: application/json
X-Gallery-Signature: t=1764000000,v1=<64 hex digits>

{"id":"evt_…","type":"matrix_run.completed","created":1764000000,
 "data":{"id":"…","status":"done","total_cells":1,"done_cells":1,"failed_cells":0,"cost_credits":1,
         "completed_at":1764000000000,"url":"https://YOUR-GALLERY/studio/runs/…"}}`;

const VERIFY: string = `import { createHmac, timingSafeEqual } from "node:crypto";

// rawBody: the request body exactly as received (do not re-serialise the parsed JSON).
function verifyGallerySignature(rawBody, header, secret /* whsec_… from /account */) {
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2)));
  const expected = createHmac("sha256", secret).update(\`\${parts.t}.\${rawBody}\`).digest("hex");
  const recent = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300; // refuse replays older than 5 minutes
  return recent && parts.v1?.length === expected.length && timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
}`;

const PRE = "mb-4 overflow-x-auto rounded-lg bg-black/40 p-4 font-mono text-xs text-neutral-200";

export function DeveloperGuide(): JSX.Element {
  return (
    <section id="developers" class="mb-10 flex max-w-3xl flex-col gap-3 text-neutral-300">
      <h2 class="text-xl font-semibold text-neutral-100">API keys</h2>
      <p>
        Create keys on <a class="text-amber-300 underline" href="/account#api-keys">your account</a> or with <code>POST /api-keys</code> (
        <code>{'{"name": "ci", "scopes": ["read", "generate"]}'}</code>) while signed in. The key (<code>aig_…</code>) is shown once; the gallery
        keeps only its SHA-256. <code>GET /api-keys</code> lists name, scopes, created and last used; <code>DELETE /api-keys/:id</code> revokes
        a key at once (its next request gets 401).
      </p>
      <p>
        Send it as <code>Authorization: Bearer aig_…</code>. Scope <code>read</code> allows <code>GET /me</code>, <code>/search</code>,{" "}
        <code>/render/:id</code> and the event streams <code>/render/:id/events</code>, <code>/matrix/:id/events</code>; scope{" "}
        <code>generate</code> allows <code>POST /upload</code>, <code>/apply-style</code>, <code>/matrix</code> and{" "}
        <code>/matrix/:id/cancel</code>. A missing scope or any other route is 403; an unknown or revoked key is 401. Key requests need no
        Origin header (they carry no cookie) and are rate-limited per key.
      </p>
      <pre class={PRE} safe>
        {CURL}
      </pre>
      <h2 class="text-xl font-semibold text-neutral-100">Webhooks</h2>
      <p>
        Give <code>webhook_url</code> to <code>POST /matrix</code> or <code>POST /apply-style</code>. When the run completes (
        <code>matrix_run.completed</code>) or each render settles (<code>render.completed</code>, <code>render.failed</code>), the gallery
        POSTs a JSON event. Answer any 2xx within 10 seconds; anything else is retried with exponential backoff (30 s, 1 min, 2 min, … up to
        hourly) for a day. Deliveries and their answers are listed on the run page. In production the URL must be <code>https://</code> and
        resolve only to public addresses (no loopback, private or link-local targets).
      </p>
      <pre class={PRE} safe>
        {BODY}
      </pre>
      <p>
        Verify the <code>X-Gallery-Signature</code> header as you would Stripe's: <code>t</code> is the Unix time of sending and{" "}
        <code>v1</code> the hex HMAC-SHA256, keyed with your signing secret (<code>whsec_…</code>, shown on /account), of the string{" "}
        <code>t + "." + raw body</code>. Compare in constant time and refuse old timestamps.
      </p>
      <pre class={PRE} safe>
        {VERIFY}
      </pre>
    </section>
  );
}
