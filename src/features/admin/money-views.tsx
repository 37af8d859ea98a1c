// The money pages: finding a user, and one user's balance, ledger, payments and refunds with the adjustment form.
import { htmlPage, Layout } from "../../ui/layout";
import { AdminNav, when } from "./admin-ui";
import type { AdminUser, UserMoney } from "./money";
import { MAX_ADJUSTMENT } from "./model";

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export function renderUsersPage(data: { q: string; users: AdminUser[] }): string {
  return htmlPage(
    <Layout title="Users" path="/admin/users">
      <div class="space-y-6">
        <AdminNav current="/admin/users" />
        <h1 class="text-2xl font-semibold">Money</h1>
        <form method="get" action="/admin/users" class="flex gap-2 text-sm">
          <input name="q" value={data.q} maxlength="200" placeholder="Email contains…" aria-label="Find a user by email" class="flex-1 rounded bg-neutral-800 px-2 py-1" />
          <button class="rounded bg-neutral-700 px-2 py-1">Find</button>
        </form>
        <ul class="space-y-1 text-sm" id="users">
          {data.users.map((user) => (
            <li>
              <a class="underline" href={`/admin/users/${user.id}`} safe>
                {user.email}
              </a>
              {user.is_admin ? <span class="text-neutral-400"> · admin</span> : ""}
            </li>
          ))}
        </ul>
      </div>
    </Layout>,
  );
}

export function renderUserMoneyPage(data: UserMoney): string {
  const { user, summary } = data;
  return htmlPage(
    <Layout title={`Money: ${user.email}`} path={`/admin/users/${user.id}`}>
      <div class="space-y-8">
        <AdminNav current="/admin/users" />
        <h1 class="text-2xl font-semibold" safe>
          {user.email}
        </h1>
        <p class="text-sm" id="balance">
          Balance: <strong safe>{`${summary.credits} credits`}</strong> · spent <span safe>{dollars(summary.lifetime_spend_cents)}</span>
          {summary.unlocked ? " · unlocked" : ""}
          {user.stripe_customer_id ? <span class="text-neutral-400"> · Stripe customer <span safe>{user.stripe_customer_id}</span></span> : ""}
        </p>
        <form method="post" action={`/admin/users/${user.id}/credits`} class="flex flex-wrap gap-2 text-sm" id="adjust-credits">
          <input name="delta" type="number" required step="1" min={String(-MAX_ADJUSTMENT)} max={String(MAX_ADJUSTMENT)} placeholder="+50 or -20" aria-label="Credits to add (negative to take)" class="w-32 rounded bg-neutral-800 px-2 py-1" />
          <input name="reason" required maxlength="500" placeholder="Reason (required)" aria-label="Reason" class="min-w-0 flex-1 rounded bg-neutral-800 px-2 py-1" />
          <button class="rounded bg-amber-300 px-2 py-1 text-neutral-950">Adjust credits</button>
        </form>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Ledger</h2>
          <table class="w-full text-left text-sm" id="ledger">
            <thead>
              <tr>
                <th>When</th>
                <th>Reason</th>
                <th>For</th>
                <th class="text-right">Credits</th>
              </tr>
            </thead>
            <tbody>
              {data.ledger.map((entry) => (
                <tr>
                  <td safe>{when(entry.created_at)}</td>
                  <td safe>{entry.reason}</td>
                  {/* Ids have no break points: let them wrap so the table fits a phone. */}
                  <td class="break-all" safe>
                    {entry.payment_id ?? entry.render_id ?? entry.matrix_run_id ?? ""}
                  </td>
                  <td class="text-right tabular-nums" safe>
                    {entry.delta > 0 ? `+${entry.delta}` : String(entry.delta)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Payments</h2>
          <PaymentTable payments={data.payments} id="payments" />
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Refunds and disputes</h2>
          {data.refunds.length === 0 ? <p class="text-sm text-neutral-400">None.</p> : <PaymentTable payments={data.refunds} id="refunds" />}
        </section>
      </div>
    </Layout>,
  );
}

function PaymentTable({ payments, id }: { payments: UserMoney["payments"]; id: string }): JSX.Element {
  return (
    <table class="w-full text-left text-sm [&_td+td]:pl-2 [&_th+th]:pl-2" id={id}>
      <thead>
        <tr>
          <th>When</th>
          <th>Product</th>
          <th>Status</th>
          <th class="text-right">Paid</th>
          <th class="text-right">Refunded</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((payment) => (
          <tr>
            <td safe>{when(payment.created_at)}</td>
            <td safe>{payment.product}</td>
            <td>{payment.status}</td>
            <td class="text-right tabular-nums" safe>
              {dollars(payment.amount_cents)}
            </td>
            <td class="text-right tabular-nums" safe>
              {dollars(payment.refunded_cents)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
