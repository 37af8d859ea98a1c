// Runs s3rver (a real S3 API) for tests/helpers/s3-server.ts in its own process, so a test's memory readings
// are the app's alone. Usage: bun s3rver-child.ts DIRECTORY BUCKET; prints {"port": N} once it listens.
import S3rver from "s3rver";

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error("usage: s3rver-child.ts DIRECTORY BUCKET");
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
const { port } = await server.run();
console.log(JSON.stringify({ port }));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
