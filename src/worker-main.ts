// `bun run worker`: a worker process (ROLE=worker) whatever ROLE says in the environment.
import { loadConfigOrExit } from "./cli/open-data";
import { runWorkerProcess } from "./worker-process";

runWorkerProcess(loadConfigOrExit({ ...process.env, ROLE: "worker" }));
