// The developer section of /account (API keys, webhook signing secret) and the page that shows a new key once.
import { htmlPage, Layout } from "../../ui/layout";
import type { ApiKeyListing } from "./keys";

const BUTTON = "rounded-lg bg-amber-300 px-4 py-2 font-medium text-neutral-950 hover:bg-amber-200 focus-visible:outline-2 focus-visible:outline-amber-300";
const SMALL_BUTTON = "rounded-lg border border-rose-400/40 px-3 py-1 text-sm text-rose-200 hover:bg-rose-400/10";
const CODE = "block overflow-x-auto rounded-lg bg-black/40 p-3 font-mono text-sm text-amber-100 select-all";

function formatTime(ms: number | null): string {
  return ms === null ? "never" : new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function DeveloperSection({ keys, signingSecret }: { keys: ApiKeyListing[]; signingSecret: string }): JSX.Element {
  return (
    <section id="api-keys" class="flex flex-col gap-4 rounded-2xl border border-white/10 p-4 sm:p-6">
      <div>
        <h2 class="text-xl font-semibold">API keys and webhooks</h2>
        <p class="text-sm text-neutral-400">
          Script the gallery with <code>Authorization: Bearer &lt;key&gt;</code>. See <a href="/docs" class="underline">the API docs</a>.
        </p>
      </div>
      {keys.length === 0 ? (
        <p class="text-sm text-neutral-400">You have no API keys.</p>
      ) : (
        <table class="w-full text-left text-sm [&_td+td]:pl-2 [&_th+th]:pl-2">
          {/* On a phone the dates give way, so the table fits with its Revoke buttons. */}
          <thead class="text-neutral-400">
            <tr>
              <th class="py-1">Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th class="hidden sm:table-cell">Created</th>
              <th class="hidden sm:table-cell">Last used</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr data-api-key={key.id}>
                <td class="py-1" safe>
                  {key.name}
                </td>
                <td class="font-mono" safe>
                  {key.prefix}…
                </td>
                <td safe>{key.scopes.join(", ")}</td>
                <td class="hidden sm:table-cell" safe>
                  {formatTime(key.created_at)}
                </td>
                <td class="hidden sm:table-cell" safe>
                  {formatTime(key.last_used_at)}
                </td>
                <td>
                  <form method="post" action={`/api-keys/${key.id}/revoke`}>
                    <button type="submit" class={SMALL_BUTTON}>
                      Revoke
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/api-keys" class="flex flex-wrap items-end gap-3">
        <label class="flex flex-col gap-1 text-sm">
          Name
          <input name="name" required maxlength="80" class="rounded-lg border border-white/15 bg-transparent px-3 py-2" />
        </label>
        <label class="flex items-center gap-1 text-sm">
          <input type="checkbox" name="scopes" value="read" checked /> read
        </label>
        <label class="flex items-center gap-1 text-sm">
          <input type="checkbox" name="scopes" value="generate" /> generate
        </label>
        <button type="submit" class={BUTTON}>
          Create key
        </button>
      </form>
      <div class="flex flex-col gap-1">
        <p class="text-sm text-neutral-400">Webhook signing secret (verify the X-Gallery-Signature header with it):</p>
        <code class={CODE} data-signing-secret safe>
          {signingSecret}
        </code>
      </div>
    </section>
  );
}

export function renderNewKeyPage(data: { name: string; key: string; scopes: string[] }): string {
  return htmlPage(
    <Layout title="Your new API key" path="/account">
      <section class="mx-auto flex max-w-2xl flex-col gap-4 py-8">
        <h1 class="text-2xl font-semibold">
          API key “<span safe>{data.name}</span>” created
        </h1>
        <p class="text-neutral-300">Copy it now: it is shown only this once. The gallery keeps only its hash.</p>
        <code class="block overflow-x-auto rounded-lg bg-black/40 p-3 font-mono text-sm text-amber-100 select-all" data-new-api-key safe>
          {data.key}
        </code>
        <p class="text-sm text-neutral-400" safe>
          Scopes: {data.scopes.join(", ")}
        </p>
        <a href="/account#api-keys" class="underline">
          Back to your account
        </a>
      </section>
    </Layout>,
  );
}
