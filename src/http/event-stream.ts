// Server-sent events from a polled source: one poll now, then every interval until the source says done.
// Polling the database (not an in-process bus) means progress made by any process sharing it shows up.

export interface ServerEvent {
  event: string;
  data: unknown;
}

export interface PollResult {
  events: ServerEvent[];
  done: boolean;
}

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

function format({ event, data }: ServerEvent): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** `poll` may answer later (a database read over the wire): a tick that is still waiting makes the next one skip. */
export function eventStream(request: Request, poll: () => PollResult | Promise<PollResult>, intervalMs: number): Response {
  let timer: Timer | undefined;
  let heartbeat: Timer | undefined;
  let ended = false;
  let polling = false;
  const stop = () => {
    ended = true;
    clearInterval(timer);
    clearInterval(heartbeat);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const tick = async () => {
        if (polling || ended) return;
        polling = true;
        try {
          const { events, done } = await poll();
          if (ended) return;
          for (const event of events) controller.enqueue(format(event));
          if (done) {
            stop();
            controller.close();
          }
        } catch (error) {
          if (ended) return;
          stop();
          controller.error(error);
        } finally {
          polling = false;
        }
      };
      void tick();
      timer = setInterval(tick, intervalMs);
      heartbeat = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), HEARTBEAT_MS);
      request.signal.addEventListener("abort", stop, { once: true });
    },
    cancel: stop,
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
