// Where the Python peer lives: `../shared/peer` beside the repository, wherever the repository is checked out.
import { join } from "node:path";

export const PEER_DIR = join(import.meta.dir, "..", "..", "shared", "peer");
