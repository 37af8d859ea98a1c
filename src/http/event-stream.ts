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

export function eventStream(request: Request, poll: () => PollResult, intervalMs: number): Response {
  let timer: Timer | undefined;
  let heartbeat: Timer | undefined;
  const stop = () => {
    clearInterval(timer);
    clearInterval(heartbeat);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const tick = () => {
        try {
          const { events, done } = poll();
          for (const event of events) controller.enqueue(format(event));
          if (done) {
            stop();
            controller.close();
          }
        } catch (error) {
          stop();
          controller.error(error);
        }
      };
      tick();
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
