// Billing pages: /pricing (the same for every visitor), /account (personal) and the dev test-payment page.
import type { Config, Product } from "../../config";
import { offeredModels } from "../../generation/models/availability";
import { htmlPage, Layout } from "../../ui/layout";
import type { LedgerEntry, Purchase } from "./account";
import type { AccountSummary } from "./ledger";
import { libraryDownloadLabel } from "../../client/library-download";
import type { LibrarySnapshotSize } from "../library/size";
import type { ApiKeyListing } from "../api-keys/keys";
import { DeveloperSection } from "../api-keys/views";

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "−" : "";
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const LEDGER_REASONS: Record<string, string> = {
  purchase: "Credits bought",
  refund: "Payment refunded",
  dispute: "Payment disputed",
  render_refund: "Refund for a render that did not finish",
  apply_style: "Style applied to your photo",
  matrix_run: "Matrix run",
  admin_adjustment: "Adjusted by the gallery team",
};

/** What a credit-history line says: a human label, naming the run or render it belongs to. */
export function ledgerLabel(entry: LedgerEntry): string {
  const run = entry.matrix_run_id ? ` ${entry.matrix_run_id.slice(0, 8)}` : "";
  if (entry.reason === "render_refund" && entry.matrix_run_id) {
    const cells = entry.cells ?? 1;
    return `Refund for ${cells} ${cells === 1 ? "cell" : "cells"} of run${run}`;
  }
  if (entry.reason === "matrix_run") return `Matrix run${run}`;
  return LEDGER_REASONS[entry.reason] ?? entry.reason.replace(/_/g, " ");
}

function ledgerLink(entry: LedgerEntry): string | null {
  if (entry.matrix_run_id) return `/studio/runs/${encodeURIComponent(entry.matrix_run_id)}`;
  return null;
}

const PURCHASE_STATUSES: Record<Purchase["status"], string> = {
  pending: "Processing",
  paid: "Paid",
  failed: "Failed",
  refunded: "Refunded",
  disputed: "Disputed",
  mismatch: "Held: amount differs from the price",
};

const BUTTON = "rounded-lg bg-amber-300 px-4 py-2 font-medium text-neutral-950 hover:bg-amber-200 focus-visible:outline-2 focus-visible:outline-amber-300";
const LINK_BUTTON = "rounded-lg border border-white/15 px-4 py-2 hover:bg-white/5 focus-visible:outline-2 focus-visible:outline-amber-300";

function productBlurb(product: Product, config: Config): string {
  if (product.kind === "library") {
    return `Every image in the gallery as one ZIP, under ${config.licenseSpdx}. Buying it does not unlock full-resolution downloads of single images.`;
  }
  return `${product.credits} credits: up to ${product.credits} images on a 1-credit model (restyles of your photos or matrix cells). Counts toward the ${formatCents(config.billing.unlockThresholdCents)} unlock.`;
}

/** What one image costs on each model: one credit buys one image on a 1-credit model. */
function ModelCosts({ config }: { config: Config }): JSX.Element {
  const models = offeredModels(config).sort((a, b) => a.cost_credits - b.cost_credits || a.label.localeCompare(b.label));
  return (
    <section aria-labelledby="model-costs-heading" class="flex flex-col gap-3">
      <h2 id="model-costs-heading" class="text-lg font-semibold">
        What a credit buys
      </h2>
      <p class="text-neutral-300">One image on one model costs that model’s credits. A matrix costs one image per cell (prompts × styles × models); cells that do not finish are refunded.</p>
      <table class="w-full max-w-md text-left text-sm" data-model-costs>
        <thead class="text-neutral-300">
          <tr>
            <th class="py-2 font-medium">Model</th>
            <th class="py-2 text-right font-medium">Credits per image</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-white/5">
          {models.map((model) => (
            <tr>
              <td class="py-2" safe>
                {model.label}
              </td>
              <td class="py-2 text-right tabular-nums" safe>
                {String(model.cost_credits)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ProductCard({ product, config }: { product: Product; config: Config }): JSX.Element {
  return (
    <li class="flex flex-col gap-4 rounded-2xl border border-white/10 bg-white/[0.03] p-6">
      <h2 class="text-lg font-semibold" safe>
        {product.name}
      </h2>
      <p class="text-3xl font-semibold tracking-tight" safe>
        {formatCents(product.amountCents)}
      </p>
      <p class="flex-1 text-sm text-neutral-400" safe>
        {productBlurb(product, config)}
      </p>
      <form method="post" action={`/checkout?next=${encodeURIComponent(`/checkout?product=${product.key}`)}`}>
        <input type="hidden" name="product" value={product.key} />
        <button type="submit" class={`w-full ${BUTTON}`}>
          Buy
        </button>
      </form>
    </li>
  );
}

/**
 * The library ZIP's download link, saying what it holds. On the cached /pricing page it starts hidden, without a
 * size, and the page script fills it in for someone with access (src/client/library-download.ts).
 */
function LibraryDownload({ library }: { library: LibrarySnapshotSize | null }): JSX.Element {
  const link = (
    <a href={library ? `/library.zip?snapshot=${library.snapshot}` : "/library.zip"} class={`inline-block ${BUTTON}`} download="">
      {library ? libraryDownloadLabel(library) : "Download the library"}
    </a>
  );
  return library ? link : <p data-library-download hidden>{link}</p>;
}

export function renderPricingPage(config: Config): string {
  const products = Object.values(config.billing.products);
  return htmlPage(
    <Layout title="Pricing" path="/pricing" description="Buy credits for the AI Gallery studio, or the whole library as a ZIP.">
      <section class="mx-auto flex max-w-4xl flex-col gap-8 py-8">
        <div class="flex flex-col gap-2">
          <h1 class="text-3xl font-semibold tracking-tight">Pricing</h1>
          <p class="text-neutral-300" safe data-offer>
            {`Two ways to the library: buy it alone for ${formatCents(config.billing.products.library.amountCents)}, or reach ${formatCents(config.billing.unlockThresholdCents)} of purchases in total, which unlocks full-resolution downloads of every image and includes the library. Everything you buy counts toward the ${formatCents(config.billing.unlockThresholdCents)}. You will be asked to sign in first.`}
          </p>
          <LibraryDownload library={null} />
        </div>
        <ul class="grid gap-4 sm:grid-cols-3">
          {products.map((product) => (
            <ProductCard product={product} config={config} />
          ))}
        </ul>
        <ModelCosts config={config} />
      </section>
    </Layout>,
  );
}

/** The checkout start page: where "Buy" lands after signing in, one click from payment. */
export function renderCheckoutStartPage(product: Product, config: Config): string {
  return htmlPage(
    <Layout title={`Buy ${product.name}`} path="/pricing">
      <section class="mx-auto flex max-w-md flex-col gap-6 py-16">
        <h1 class="text-2xl font-semibold tracking-tight" safe>
          {product.name}
        </h1>
        <p class="text-4xl font-semibold tabular-nums" safe>
          {formatCents(product.amountCents)}
        </p>
        <p class="text-neutral-300" safe>
          {productBlurb(product, config)}
        </p>
        <div class="flex gap-3">
          <form method="post" action="/checkout" class="flex-1">
            <input type="hidden" name="product" value={product.key} />
            <button type="submit" class={`w-full ${BUTTON}`}>
              Continue to payment
            </button>
          </form>
          <a href="/pricing" class={`flex-1 text-center ${LINK_BUTTON}`}>
            Back to pricing
          </a>
        </div>
      </section>
    </Layout>,
  );
}

function UnlockProgress({ summary, threshold }: { summary: AccountSummary; threshold: number }): JSX.Element {
  const label = summary.unlocked
    ? "Full access unlocked."
    : `${formatCents(summary.lifetime_spend_cents)} of ${formatCents(threshold)} toward full access.`;
  return (
    <div class="flex flex-col gap-2">
      <label for="unlock-progress" class="text-sm text-neutral-300" safe>
        {label}
      </label>
      <progress
        id="unlock-progress"
        max={String(Math.max(threshold, 1))}
        value={String(Math.min(summary.lifetime_spend_cents, threshold))}
        class="h-2 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-amber-300 [&::-webkit-progress-bar]:bg-white/10 [&::-webkit-progress-value]:bg-amber-300"
      ></progress>
    </div>
  );
}

function LedgerTable({ entries }: { entries: LedgerEntry[] }): JSX.Element {
  if (entries.length === 0) return <p class="text-neutral-400">No credit movements yet.</p>;
  return (
    <table class="w-full text-left text-sm">
      <thead class="text-neutral-400">
        <tr>
          <th class="py-2 font-medium">Date</th>
          <th class="py-2 font-medium">What</th>
          <th class="py-2 text-right font-medium">Credits</th>
        </tr>
      </thead>
      <tbody class="divide-y divide-white/5">
        {entries.map((entry) => (
          <tr>
            <td class="py-2 text-neutral-400" safe>
              {formatDate(entry.created_at)}
            </td>
            <td class="py-2">
              {ledgerLink(entry) ? (
                <a href={ledgerLink(entry)!} class="underline decoration-white/30 underline-offset-2 hover:decoration-white" safe>
                  {ledgerLabel(entry)}
                </a>
              ) : (
                <span safe>{ledgerLabel(entry)}</span>
              )}
            </td>
            <td class={`py-2 text-right tabular-nums ${entry.delta < 0 ? "text-rose-300" : "text-emerald-300"}`} safe>
              {entry.delta > 0 ? `+${entry.delta}` : `${entry.delta}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PurchaseTable({ purchases, config }: { purchases: Purchase[]; config: Config }): JSX.Element {
  if (purchases.length === 0) return <p class="text-neutral-400">No purchases yet.</p>;
  return (
    <table class="w-full text-left text-sm">
      <thead class="text-neutral-400">
        <tr>
          <th class="py-2 font-medium">Date</th>
          <th class="py-2 font-medium">Product</th>
          <th class="py-2 text-right font-medium">Amount</th>
          <th class="py-2 text-right font-medium">Status</th>
        </tr>
      </thead>
      <tbody class="divide-y divide-white/5">
        {purchases.map((purchase) => (
          <tr>
            <td class="py-2 text-neutral-400" safe>
              {formatDate(purchase.created_at)}
            </td>
            <td class="py-2" safe>
              {config.billing.products[purchase.product as keyof Config["billing"]["products"]]?.name ?? purchase.product}
            </td>
            <td class="py-2 text-right tabular-nums" safe>
              {purchase.refunded_cents > 0
                ? `${formatCents(purchase.amount_cents)} (${formatCents(purchase.refunded_cents)} refunded)`
                : formatCents(purchase.amount_cents)}
            </td>
            <td class="py-2 text-right" safe>
              {PURCHASE_STATUSES[purchase.status]}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface AccountPageData {
  email: string;
  summary: AccountSummary;
  ledger: LedgerEntry[];
  purchases: Purchase[];
  notice: "checkout" | "portal" | null;
  /** The product a development test payment just applied, when the notice is about one. */
  testPayment?: Product | null;
  /** Whether a Stripe account backs payments (the billing portal exists). */
  stripe: boolean;
  /** The library's size, for those with access to it. */
  library?: LibrarySnapshotSize | null;
  /** API keys and the webhook signing secret (absent: the section is not shown). */
  developer?: { keys: ApiKeyListing[]; signingSecret: string };
}

const NOTICES = {
  checkout: "Thank you! Your purchase appears here as soon as Stripe confirms the payment.",
  portal: "The billing portal needs a Stripe account; in development your purchases are listed below.",
};

function noticeText(data: AccountPageData): string | null {
  if (data.testPayment) {
    const what = data.testPayment.kind === "credits" ? `${data.testPayment.credits} credits` : data.testPayment.name;
    return `Test payment applied: ${what} (development mode, no money moved).`;
  }
  return data.notice ? NOTICES[data.notice] : null;
}

export function renderAccountPage(data: AccountPageData, config: Config): string {
  const { summary } = data;
  return htmlPage(
    <Layout title="Your account" path="/account">
      <section class="mx-auto flex max-w-3xl flex-col gap-8 py-8">
        <div class="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 class="text-3xl font-semibold tracking-tight">Your account</h1>
            <p class="text-neutral-400" safe>
              {data.email}
            </p>
          </div>
          <form method="post" action="/auth/logout">
            <button type="submit" class={LINK_BUTTON}>
              Sign out
            </button>
          </form>
        </div>
        {noticeText(data) ? (
          <p role="status" class="rounded-lg border border-amber-300/30 bg-amber-300/10 p-4 text-sm text-amber-100" safe>
            {noticeText(data)}
          </p>
        ) : (
          ""
        )}
        <div class="grid gap-4 sm:grid-cols-2">
          <div class="flex flex-col gap-1 rounded-2xl border border-white/10 p-6">
            <p class="text-sm text-neutral-400">Credits</p>
            <p id="credit-balance" class="text-4xl font-semibold tabular-nums">
              {summary.credits}
            </p>
          </div>
          <div class="flex flex-col gap-3 rounded-2xl border border-white/10 p-6">
            <p class="text-sm text-neutral-400">
              Lifetime spend <span class="font-semibold text-neutral-100" safe>{formatCents(summary.lifetime_spend_cents)}</span>
            </p>
            <UnlockProgress summary={summary} threshold={config.billing.unlockThresholdCents} />
            <p class="text-sm text-neutral-400">{summary.library_access ? "Library access: yes" : "Library access: not yet"}</p>
          </div>
        </div>
        <div class="flex flex-wrap gap-3">
          {data.library ? <LibraryDownload library={data.library} /> : ""}
          <a href="/pricing" class={data.library ? LINK_BUTTON : BUTTON}>
            Buy credits
          </a>
          {data.stripe ? (
            <a href="/billing-portal" class={LINK_BUTTON}>
              Billing portal
            </a>
          ) : (
            ""
          )}
          <a href="/collections" class={LINK_BUTTON}>
            My collections
          </a>
        </div>
        <section aria-labelledby="purchases-heading" class="flex flex-col gap-3">
          <h2 id="purchases-heading" class="text-lg font-semibold">
            Purchases
          </h2>
          <PurchaseTable purchases={data.purchases} config={config} />
        </section>
        <section aria-labelledby="ledger-heading" class="flex flex-col gap-3">
          <h2 id="ledger-heading" class="text-lg font-semibold">
            Credit history
          </h2>
          <LedgerTable entries={data.ledger} />
        </section>
        {data.developer ? <DeveloperSection keys={data.developer.keys} signingSecret={data.developer.signingSecret} /> : ""}
      </section>
    </Layout>,
  );
}

export function renderDevCheckoutPage(data: { sessionId: string; productName: string; amountCents: number }): string {
  return htmlPage(
    <Layout title="Test payment">
      <section class="mx-auto flex max-w-md flex-col gap-6 py-16">
        <p class="rounded-lg border border-dashed border-amber-300/40 p-3 text-sm text-amber-200">
          Development test payment: no money moves and no Stripe account is involved.
        </p>
        <h1 class="text-2xl font-semibold tracking-tight" safe>
          {data.productName}
        </h1>
        <p class="text-4xl font-semibold tabular-nums" safe>
          {formatCents(data.amountCents)}
        </p>
        <div class="flex gap-3">
          <form method="post" action={`/dev/checkout/${encodeURIComponent(data.sessionId)}/pay`} class="flex-1">
            <button type="submit" class={`w-full ${BUTTON}`}>
              Pay
            </button>
          </form>
          <a href="/pricing" class={`flex-1 text-center ${LINK_BUTTON}`}>
            Cancel
          </a>
        </div>
      </section>
    </Layout>,
  );
}
