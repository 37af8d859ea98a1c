// docker-compose.yml cannot be started here (no Docker engine): this checks what a typo would silently break —
// it parses, web and worker run the one image in their roles, every long-running service has a health check
// on the port it actually serves, and every named volume is declared.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig } from "../../src/config";
import { REPO_ROOT } from "../helpers/processes";

interface Service {
  build?: string;
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = Bun.YAML.parse(await Bun.file(join(REPO_ROOT, "docker-compose.yml")).text()) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { app, worker, postgres, minio } = compose.services;

test("web and worker are the one image in their roles, each health-checked on its own port", () => {
  expect(app?.build).toBe(".");
  expect(worker?.image).toBe(app?.image);
  expect(app!.environment!.ROLE).toBe("web");
  expect(worker!.environment!.ROLE).toBe("worker");
  expect(app!.healthcheck!.test.join(" ")).toContain("127.0.0.1:8000/health");
  expect(worker!.healthcheck!.test.join(" ")).toContain(`127.0.0.1:${worker!.environment!.WORKER_HEALTH_PORT}/health`);
  expect(worker!.environment!.SECRET_KEY).toBeUndefined();
  // Workers send the webhooks, whose bodies link to the site.
  expect(worker!.environment!.BASE_URL).toContain("BASE_URL");
  expect(worker!.environment!.BASE_URL).toBe(app!.environment!.BASE_URL!);
  for (const service of [app!, worker!]) {
    // Both roles on the compose file's PostgreSQL service, with its credentials.
    const database = loadConfig({ DATABASE_URL: service.environment!.DATABASE_URL }).database;
    expect(database.kind).toBe("postgres");
    expect(database.kind === "postgres" && new URL(database.url).host).toBe("postgres:5432");
    expect(service.environment!.DATABASE_URL).toContain(postgres!.environment!.POSTGRES_USER!);
    expect(service.environment!.IMAGE_STORE).toStartWith("s3://");
    expect(Object.keys(service.environment!)).toEqual(expect.arrayContaining(["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]));
    expect(service.depends_on!.postgres!.condition).toBe("service_healthy");
  }
});

test("PostgreSQL 15 and MinIO keep their data in named volumes and report healthy", () => {
  expect(postgres!.image).toBe("postgres:15");
  expect(postgres!.healthcheck!.test.join(" ")).toContain("pg_isready");
  expect(minio!.healthcheck).toBeDefined();
  const named = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((volume) => volume.split(":")[0]!));
  expect(named.length).toBeGreaterThan(0);
  for (const volume of named) expect(Object.keys(compose.volumes)).toContain(volume);
});
