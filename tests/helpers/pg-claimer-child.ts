// A separate worker process for the PostgreSQL queue tests: runs the claim loop and prints the ids it completed as JSON.
import { runClaimLoop } from "./pg-claim-loop";

const [url, providerUrl, owner, concurrency, models] = process.argv.slice(2);
const done = await runClaimLoop(url!, providerUrl!, owner!, { concurrency: Number(concurrency), maxAttempts: 4, leaseMs: 60_000 }, models!.split(","));
console.log(JSON.stringify({ done }));
