// `bun run reconcile`: rebuilds payments and credits from Stripe's event list, idempotently (see src/features/billing/reconcile.ts).
import { loadConfigOrExit } from "../src/cli/open-data";
import { openDatabase } from "../src/db/client";
import { sqliteData } from "../src/db/data";
import { migrateDatabase } from "../src/db/migrate";
import { CustomerMirror } from "../src/features/billing/customer-mirror";
import { reconcileFromStripe } from "../src/features/billing/reconcile";
import { createStripeClient } from "../src/features/billing/stripe-client";

const config = loadConfigOrExit();
const stripe = await createStripeClient(config);
if (!stripe) {
  console.error("STRIPE_SECRET_KEY is required: reconcile reads the event list from Stripe.");
  process.exit(1);
}
const { sqlite, db } = openDatabase(config.dbPath);
migrateDatabase(db);
try {
  const summary = await reconcileFromStripe({ data: sqliteData(sqlite), config, stripe, mirror: new CustomerMirror(async () => stripe, config) });
  console.log(
    `Reconciled ${summary.seen} Stripe events: ${summary.applied} applied, ${summary.duplicate} already applied, ${summary.ignored} not ours, ${summary.mismatch} paid another amount than the price (not credited).`,
  );
} catch (error) {
  console.error("Reconcile failed; nothing half-written (each event applies in its own transaction):", error);
  process.exitCode = 1;
} finally {
  sqlite.close();
}
