// Boot: ROLE=all (default) serves HTTP and renders; ROLE=web serves HTTP only; ROLE=worker renders only,
// answering /health on WORKER_HEALTH_PORT. Web and worker processes scale apart on one database.
import { checkImageStoreOrExit, loadConfigOrExit } from "./cli/open-data";
import { runWebServer } from "./web-server";
import { runWorkerProcess } from "./worker-process";

const config = loadConfigOrExit();
await checkImageStoreOrExit(config);
if (config.role === "worker") await runWorkerProcess(config);
else await runWebServer(config);
