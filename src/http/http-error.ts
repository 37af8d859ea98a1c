// The error a service throws for a client mistake (4xx): it imports nothing, so throwing it pulls in no HTTP or UI code.
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}
