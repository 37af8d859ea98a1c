// Which database the app runs on. Until the data layer is ported (issue 14), only SQLite: a postgres:// DATABASE_URL
// stops the process with a message rather than quietly running on a SQLite file nobody asked for.
import { ConfigError, type Config } from "../config";

export const POSTGRES_NOT_WIRED =
  "PostgreSQL support is not wired into the app yet: DATABASE_URL names a PostgreSQL server, but the app still runs " +
  "on SQLite only (the schema, migrations and queue claim for PostgreSQL exist; the data layer is being ported). " +
  "Unset DATABASE_URL, or set it to file:path/to/gallery.db, to run on SQLite.";

/** The SQLite file to open; throws a ConfigError when DATABASE_URL asks for PostgreSQL. */
export function requireSqlite(config: Pick<Config, "database">): string {
  if (config.database.kind !== "sqlite") throw new ConfigError(POSTGRES_NOT_WIRED);
  return config.database.path;
}
