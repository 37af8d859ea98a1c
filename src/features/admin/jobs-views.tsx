// The jobs page: the live queue (running with lease age, pending, failed in the last day), retry and cancel,
// and each model's state.
import { htmlPage, Layout } from "../../ui/layout";
import { ActionForm, AdminNav, when } from "./admin-ui";
import type { JobRow, LiveQueue } from "./jobs";

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function JobLine({ job }: { job: JobRow }): JSX.Element {
  return (
    <>
      <span class="font-mono text-xs" safe>
        {job.id}
      </span>{" "}
      <span safe>{job.model_key}</span> · <span safe>{job.effective_prompt}</span> · <span safe>{job.owner_email ?? "gallery"}</span>
      {job.cost_credits > 0 ? <span safe>{` · ${job.cost_credits} credits`}</span> : ""}
    </>
  );
}

function CancelRun({ runId }: { runId: string | null }): JSX.Element {
  if (!runId) return <></>;
  return <ActionForm action={`/admin/runs/${encodeURIComponent(runId)}/cancel`} label="Cancel its run" reason="optional" danger />;
}

export function renderJobsPage(data: LiveQueue): string {
  return htmlPage(
    <Layout title="Jobs" path="/admin/jobs">
      <div class="space-y-8">
        <AdminNav current="/admin/jobs" />
        <h1 class="text-2xl font-semibold">Jobs</h1>
        <section class="space-y-2" id="running">
          <h2 class="text-lg font-semibold" safe>
            {`Running (${data.running.length})`}
          </h2>
          <ul class="space-y-2 text-sm">
            {data.running.map((job) => (
              <li class="rounded bg-neutral-900 p-2" data-job-id={job.id}>
                <JobLine job={job} />
                <p class={job.lease_expired ? "text-amber-300" : "text-neutral-400"} safe>
                  {`attempt ${job.attempts} · lease ${seconds(job.lease_age_ms)} old${job.lease_expired ? " (expired: another worker may take it over)" : ""}`}
                </p>
                <CancelRun runId={job.matrix_run_id} />
              </li>
            ))}
          </ul>
        </section>
        <section class="space-y-2" id="pending">
          <h2 class="text-lg font-semibold" safe>
            {`Pending (${data.pendingTotal})`}
          </h2>
          <ul class="space-y-2 text-sm">
            {data.pending.map((job) => (
              <li class="rounded bg-neutral-900 p-2" data-job-id={job.id}>
                <JobLine job={job} />
                {job.error ? (
                  <p class="text-neutral-400">
                    Last attempt: <span safe>{job.error}</span>
                  </p>
                ) : (
                  ""
                )}
                <CancelRun runId={job.matrix_run_id} />
              </li>
            ))}
          </ul>
        </section>
        <section class="space-y-2" id="failed">
          <h2 class="text-lg font-semibold" safe>
            {`Failed in the last day (${data.failed.length})`}
          </h2>
          <ul class="space-y-2 text-sm">
            {data.failed.map((job) => (
              <li class="rounded bg-neutral-900 p-2" data-job-id={job.id}>
                <JobLine job={job} />
                <p class="text-red-300">
                  <time safe>{when(job.completed_at ?? job.created_at)}</time>: <span safe>{job.error ?? ""}</span>
                </p>
                <ActionForm action={`/admin/jobs/${encodeURIComponent(job.id)}/retry`} label="Retry" reason="optional" />
              </li>
            ))}
          </ul>
        </section>
        <section class="space-y-2" id="models">
          <h2 class="text-lg font-semibold">Models</h2>
          <table class="w-full text-left text-sm">
            <thead>
              <tr>
                <th>Model</th>
                <th>Provider</th>
                <th>State</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {data.models.map((model) => (
                <tr data-model={model.key}>
                  <td safe>{`${model.label} (${model.key})`}</td>
                  <td safe>{model.provider}</td>
                  <td>{model.state}</td>
                  <td safe>{model.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </Layout>,
  );
}
