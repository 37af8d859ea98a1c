// The webhook deliveries of a run, with the receiver's last answer, for the run page.
import type { DeliveryListing } from "./deliveries";

function formatTime(ms: number | null): string {
  return ms === null ? "—" : new Date(ms).toISOString().slice(0, 19).replace("T", " ") + " UTC";
}

export function WebhookDeliveries({ deliveries }: { deliveries: DeliveryListing[] }): JSX.Element {
  if (deliveries.length === 0) return <></>;
  return (
    <section id="webhook-deliveries" class="mb-10 flex flex-col gap-2">
      <h2 class="text-lg font-semibold">Webhook deliveries</h2>
      <table class="w-full text-left text-sm">
        <thead class="text-neutral-400">
          <tr>
            <th class="py-1">Event</th>
            <th>URL</th>
            <th>State</th>
            <th>Attempts</th>
            <th>Last answer</th>
            <th>Last attempt</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr data-delivery={delivery.id} class="align-top">
              <td class="py-1" safe>
                {delivery.type}
              </td>
              <td class="max-w-56 truncate" safe>
                {delivery.url}
              </td>
              <td>{delivery.state === "pending" && delivery.attempts > 0 ? `retrying at ${formatTime(delivery.next_attempt_at)}` : delivery.state}</td>
              <td>{delivery.attempts}</td>
              <td class="max-w-72 break-words" safe>
                {delivery.last_status === null ? (delivery.last_response ?? "not sent yet") : `HTTP ${delivery.last_status} ${delivery.last_response ?? ""}`}
              </td>
              <td safe>{formatTime(delivery.last_attempt_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
