// In-process counters and a latency histogram, written out in the Prometheus text exposition format.
// Each process counts what it served and ran; gauges read from the database are added at scrape time.

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

class Counter {
  /** Keyed by the raw label pairs: counted on every request, so the escaped text is built once per series. */
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    this.series(labels).value += by;
  }
  /** One series' counting, looked up once: for a path too hot to build its label key on every request. */
  counterOf(labels: Labels): () => void {
    const series = this.series(labels);
    return () => void series.value++;
  }
  private series(labels: Labels): { labels: Labels; value: number } {
    let key = "";
    for (const name in labels) key += `${name}\u0001${labels[name]}\u0000`;
    let entry = this.values.get(key);
    if (!entry) this.values.set(key, (entry = { labels, value: 0 }));
    return entry;
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${e.value}`)];
  }
}

/** Request latency buckets in seconds: from a cached page to a slow upload. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  private readonly counts = LATENCY_BUCKETS.map(() => 0);
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(seconds: number): void {
    for (let index = 0; index < LATENCY_BUCKETS.length; index++) if (seconds <= LATENCY_BUCKETS[index]!) this.counts[index]!++;
    this.sum += seconds;
    this.count++;
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
      ...LATENCY_BUCKETS.map((bound, index) => `${this.name}_bucket{le="${bound}"} ${this.counts[index]}`),
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    ];
  }
}

export const metrics = {
  requests: new Counter("gallery_http_requests_total", "HTTP requests served, by route pattern and status."),
  latency: new Histogram("gallery_http_request_duration_seconds", "Time to answer an HTTP request."),
  providerCalls: new Counter("gallery_provider_calls_total", "Generation attempts that reached an outcome, by model."),
  providerErrors: new Counter("gallery_provider_errors_total", "Generation attempts that failed (retried or for good), by model."),
};

export function gauge(name: string, help: string, value: number): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`];
}

export function renderCounters(): string[] {
  return [...metrics.requests.render(), ...metrics.latency.render(), ...metrics.providerCalls.render(), ...metrics.providerErrors.render()];
}
