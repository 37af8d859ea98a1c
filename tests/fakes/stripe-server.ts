// A fake Stripe API on 127.0.0.1 for the real stripe-node SDK: customers, Checkout Sessions, billing portal
// sessions and the event list, plus helpers that play Stripe's side (payments, refunds, disputes → events).

type Json = Record<string, unknown>;

export interface StripeCall {
  method: string;
  path: string;
  params: Json;
  authorization: string | null;
}

export interface FakeSession extends Json {
  id: string;
  object: "checkout.session";
  mode: string;
  customer: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  payment_status: "paid" | "unpaid" | "no_payment_required";
  status: "open" | "complete" | "expired";
  payment_intent: string | null;
  url: string;
}

export interface FakeStripe {
  url: string;
  calls: StripeCall[];
  customers: Map<string, Json & { id: string; metadata: Record<string, string> }>;
  sessions: Map<string, FakeSession>;
  /** Every event created so far, oldest first (the API lists them newest first). */
  events: Json[];
  /** The next `count` requests whose path starts with `pathPrefix` answer `status` (e.g. 500). */
  failNext(pathPrefix: string, count: number, status?: number): void;
  /** The buyer finishes Checkout: the session gets a PaymentIntent; paid now, or later for async methods. */
  completeSession(sessionId: string, paymentStatus?: "paid" | "unpaid"): FakeSession;
  /** An async payment method settles (or fails) after completion. */
  settleAsyncPayment(sessionId: string, succeeded: boolean): FakeSession;
  /** Cumulative refund of the session's charge (what Stripe's `amount_refunded` says). */
  refund(sessionId: string, amountRefunded: number): Json;
  dispute(sessionId: string): Json;
  /** Records an event as Stripe would (it then appears in GET /v1/events). */
  emit(type: string, object: Json): Json;
  stop(): Promise<void>;
}

/** Stripe's form encoding (`a[b][0][c]=v`) back into nested objects and arrays. */
export function parseStripeParams(params: URLSearchParams): Json {
  const root: Json = {};
  for (const [key, value] of params) {
    const parts = key.match(/[^[\]]+/g) ?? [key];
    let node = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return arrayify(root) as Json;
}

function arrayify(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Json).map(([key, inner]) => [key, arrayify(inner)] as const);
  if (entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, inner]) => inner);
  }
  return Object.fromEntries(entries);
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "request-id": `req_${crypto.randomUUID()}` } });
}

function stripeError(status: number, message: string, code?: string): Response {
  return json({ error: { type: status >= 500 ? "api_error" : "invalid_request_error", message, code } }, status);
}

function sessionAmount(lineItems: unknown, prices: Record<string, number>): number {
  if (!Array.isArray(lineItems)) return 0;
  return lineItems.reduce((sum: number, item: Json) => {
    const quantity = Number(item.quantity ?? 1);
    const priceData = item.price_data as Json | undefined;
    const unit = priceData ? Number(priceData.unit_amount) : (prices[String(item.price)] ?? 0);
    return sum + unit * quantity;
  }, 0);
}

export function startFakeStripe(options: { prices?: Record<string, number> } = {}): FakeStripe {
  const calls: StripeCall[] = [];
  const customers: FakeStripe["customers"] = new Map();
  const sessions = new Map<string, FakeSession>();
  const portalSessions: Json[] = [];
  const events: Json[] = [];
  const disputes = new Map<string, Json>();
  const failures: { pathPrefix: string; remaining: number; status: number }[] = [];
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_fake${String(++counter).padStart(6, "0")}`;
  let lastCreated = 0;
  const createdNow = () => (lastCreated = Math.max(lastCreated + 1, Math.floor(Date.now() / 1000)));

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const params =
        request.method === "GET" ? parseStripeParams(url.searchParams) : parseStripeParams(new URLSearchParams(await request.text()));
      calls.push({ method: request.method, path: url.pathname, params, authorization: request.headers.get("authorization") });
      const failure = failures.find((f) => f.remaining > 0 && url.pathname.startsWith(f.pathPrefix));
      if (failure) {
        failure.remaining--;
        return stripeError(failure.status, "Injected failure");
      }
      return route(request.method, url.pathname, params);
    },
  });
  const base = `http://127.0.0.1:${server.port}`;

  function route(method: string, path: string, params: Json): Response {
    let match: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/customers") {
      const customer = { id: nextId("cus"), object: "customer", email: params.email ?? null, metadata: (params.metadata as Record<string, string>) ?? {}, created: createdNow() };
      customers.set(customer.id, customer);
      return json(customer);
    }
    if ((match = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const customer = customers.get(match[1]!);
      if (!customer) return stripeError(404, `No such customer: '${match[1]}'`, "resource_missing");
      if (method === "POST") {
        for (const [key, value] of Object.entries((params.metadata as Record<string, string>) ?? {})) {
          if (value === "") delete customer.metadata[key];
          else customer.metadata[key] = value;
        }
        if (typeof params.email === "string") customer.email = params.email;
      }
      return json(customer);
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const id = nextId("cs_test");
      const session: FakeSession = {
        id,
        object: "checkout.session",
        mode: String(params.mode),
        customer: (params.customer as string) ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: (params.metadata as Record<string, string>) ?? {},
        amount_total: sessionAmount(params.line_items, options.prices ?? {}),
        currency: "usd",
        payment_status: "unpaid",
        status: "open",
        payment_intent: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        line_items_requested: params.line_items,
        payment_intent_metadata: (params.payment_intent_data as Json | undefined)?.metadata ?? {},
        url: `${base}/checkout/pay/${id}`,
        created: createdNow(),
        livemode: false,
      };
      sessions.set(id, session);
      return json(session);
    }
    if (method === "GET" && path === "/v1/checkout/sessions") {
      const data = [...sessions.values()].filter((s) => !params.payment_intent || s.payment_intent === params.payment_intent).reverse();
      return json({ object: "list", url: path, has_more: false, data: data.slice(0, Number(params.limit ?? 10)) });
    }
    if (method === "GET" && (match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/))) {
      const session = sessions.get(match[1]!);
      return session ? json(session) : stripeError(404, `No such checkout.session: '${match[1]}'`, "resource_missing");
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (!customers.has(String(params.customer))) return stripeError(400, `No such customer: '${params.customer}'`, "resource_missing");
      const id = nextId("bps");
      const portal = { id, object: "billing_portal.session", customer: params.customer, return_url: params.return_url, url: `${base}/portal/${id}`, created: createdNow() };
      portalSessions.push(portal);
      return json(portal);
    }
    if (method === "GET" && path === "/v1/events") return listEvents(params);
    return stripeError(404, `Unrecognized request URL (${method}: ${path})`);
  }

  function listEvents(params: Json): Response {
    const types = Array.isArray(params.types) ? (params.types as string[]) : params.type ? [String(params.type)] : null;
    let newestFirst = [...events].reverse().filter((event) => !types || types.includes(String(event.type)));
    if (params.starting_after) {
      const index = newestFirst.findIndex((event) => event.id === params.starting_after);
      newestFirst = newestFirst.slice(index + 1);
    }
    const limit = Math.min(Number(params.limit ?? 10), 100);
    return json({ object: "list", url: "/v1/events", has_more: newestFirst.length > limit, data: newestFirst.slice(0, limit) });
  }

  function sessionOrThrow(id: string): FakeSession {
    const session = sessions.get(id);
    if (!session) throw new Error(`fake Stripe: no session ${id}`);
    return session;
  }

  function chargeOf(session: FakeSession, amountRefunded: number): Json {
    if (!session.payment_intent) throw new Error(`fake Stripe: session ${session.id} has no payment yet`);
    return {
      id: `ch_${session.payment_intent.slice(3)}`,
      object: "charge",
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: amountRefunded,
      refunded: amountRefunded >= session.amount_total,
      currency: "usd",
      customer: session.customer,
      payment_intent: session.payment_intent,
      metadata: session.payment_intent_metadata,
      paid: true,
      status: "succeeded",
      created: createdNow(),
    };
  }

  return {
    url: base,
    calls,
    customers,
    sessions,
    events,
    failNext(pathPrefix, count, status = 500) {
      failures.push({ pathPrefix, remaining: count, status });
    },
    completeSession(sessionId, paymentStatus = "paid") {
      const session = sessionOrThrow(sessionId);
      session.status = "complete";
      session.payment_status = paymentStatus;
      session.payment_intent ??= nextId("pi");
      return structuredClone(session);
    },
    settleAsyncPayment(sessionId, succeeded) {
      const session = sessionOrThrow(sessionId);
      if (succeeded) session.payment_status = "paid";
      return structuredClone(session);
    },
    refund(sessionId, amountRefunded) {
      return chargeOf(sessionOrThrow(sessionId), amountRefunded);
    },
    dispute(sessionId) {
      const session = sessionOrThrow(sessionId);
      const charge = chargeOf(session, 0);
      let dispute = disputes.get(session.id);
      if (!dispute) {
        dispute = { id: nextId("dp"), object: "dispute", amount: session.amount_total, charge: charge.id, payment_intent: session.payment_intent, currency: "usd", reason: "fraudulent", status: "needs_response", created: createdNow() };
        disputes.set(session.id, dispute);
      }
      return structuredClone(dispute);
    },
    emit(type, object) {
      const event = {
        id: nextId("evt"),
        object: "event",
        api_version: "2026-10-28.endive",
        created: createdNow(),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
      events.push(event);
      return event;
    },
    async stop() {
      await server.stop(true);
    },
  };
}
