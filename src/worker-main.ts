// `bun run worker`: a worker process (ROLE=worker) whatever ROLE says in the environment.
import { checkImageStoreOrExit, loadConfigOrExit } from "./cli/open-data";
import { runWorkerProcess } from "./worker-process";

const config = loadConfigOrExit({ ...process.env, ROLE: "worker" });
await checkImageStoreOrExit(config);
await runWorkerProcess(config);
