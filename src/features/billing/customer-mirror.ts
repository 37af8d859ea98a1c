// Mirrors each user's credits and lifetime spend into their Stripe customer's metadata. Best effort: never
// awaited by a webhook, coalesced per user (a change during a push triggers one more push), and retried with
// backoff; each attempt reads the current numbers, so a late retry never writes stale ones.
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { accountSummary } from "./ledger";
import { log } from "../../log";

export interface MirrorOptions {
  attempts?: number;
  backoffMs?: number;
}

export class CustomerMirror {
  private readonly running = new Map<number, Promise<void>>();
  private readonly dirty = new Set<number>();
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    /** Resolved on the first push, so the SDK is not loaded until something needs mirroring. */
    private readonly stripeClient: () => Promise<Stripe | null>,
    private readonly config: Config,
    options: MirrorOptions = {},
  ) {
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
  }

  schedule(data: Data, userId: number): void {
    if (!this.config.stripe.secretKey) return;
    if (this.running.has(userId)) {
      this.dirty.add(userId);
      return;
    }
    const run = (async () => {
      do {
        this.dirty.delete(userId);
        await this.push(data, userId);
      } while (this.dirty.has(userId));
    })().finally(() => this.running.delete(userId));
    this.running.set(userId, run);
  }

  /** Resolves once every scheduled push has finished (scripts wait for it before exiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** The numbers to mirror, read fresh; null when the user has no Stripe customer (or the database is gone). */
  private async read(data: Data, userId: number): Promise<{ customerId: string; metadata: Record<string, string> } | null> {
    try {
      const { users } = data.tables;
      const [row] = await data.db.select({ customerId: users.stripeCustomerId }).from(users).where(eq(users.id, userId));
      if (!row?.customerId) return null;
      const summary = await accountSummary(data, this.config, userId);
      return {
        customerId: row.customerId,
        metadata: { credits: String(summary.credits), lifetime_spend_cents: String(summary.lifetime_spend_cents) },
      };
    } catch (error) {
      log.warn(`Could not read user ${userId}'s balance to mirror it to Stripe: ${(error as Error).message}`);
      return null;
    }
  }

  private async push(data: Data, userId: number): Promise<void> {
    const stripe = await this.stripeClient();
    if (!stripe) return;
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(data, userId);
      if (!current) return;
      try {
        await stripe.customers.update(current.customerId, { metadata: current.metadata }, { maxNetworkRetries: 0 });
        return;
      } catch (error) {
        const permanent = (error as { type?: string }).type === "StripeInvalidRequestError";
        if (permanent || attempt >= this.attempts) {
          log.warn(`Could not mirror user ${userId}'s balance to Stripe (attempt ${attempt}): ${(error as Error).message}`);
          return;
        }
        await Bun.sleep(this.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }
}
