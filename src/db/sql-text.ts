// Raw SQL for the hot reads (the gallery's pages, search, the library walk), composed as plain text with `?`
// placeholders and handed to bun:sqlite as it is (SqliteText: no Drizzle assembly per statement) or to PostgreSQL
// as Drizzle `sql` with the same parameters. Values are always parameters; only trusted() text is spliced in.
import { Param, SQL, StringChunk, type SQLWrapper } from "drizzle-orm";
import { SqliteText, type Data } from "./data";

type Dialect = Pick<Data, "dialect">;

/** Also usable inside Drizzle's sql`` (a SQLWrapper), for callers composing with the builder. */
export class Fragment implements SQLWrapper {
  constructor(
    readonly text: string,
    readonly values: readonly unknown[],
  ) {}

  getSQL(): SQL {
    return drizzleSql(this);
  }

  /** Spliced in as written: Drizzle would otherwise wrap an embedded wrapper in parentheses. */
  shouldOmitSQLParens(): boolean {
    return true;
  }
}

/** The fragment as Drizzle `sql` (its placeholders become Drizzle parameters), for either database. */
function drizzleSql(fragment: Fragment): SQL {
  const parts = fragment.text.split("?");
  if (parts.length !== fragment.values.length + 1) throw new Error("a `?` in trusted SQL text would take a parameter's place");
  return new SQL(parts.flatMap((part, index) => (index === 0 ? [new StringChunk(part)] : [new Param(fragment.values[index - 1]), new StringChunk(part)])));
}

/** A fragment: each value a parameter, each nested Fragment spliced in with its own parameters. */
export function q(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, index) => {
    if (value instanceof Fragment) {
      text += value.text;
      params.push(...value.values);
    } else {
      text += "?";
      params.push(value);
    }
    text += strings[index + 1]!;
  });
  return new Fragment(text, params);
}

/** SQL text written in this code (never a value from a request). */
export const trusted = (text: string) => new Fragment(text, []);

export function joined(parts: readonly Fragment[], separator: string): Fragment {
  return new Fragment(parts.map((part) => part.text).join(separator), parts.flatMap((part) => part.values));
}

/** `column IN (values)`, the list bound as one parameter: one compiled statement serves lists of every length. */
export function inValues(data: Dialect, column: string, values: readonly (string | number)[]): Fragment {
  if (data.dialect === "sqlite") return new Fragment(`${column} IN (SELECT value FROM json_each(?))`, [JSON.stringify(values)]);
  return new Fragment(`${column} = ANY(?)`, [[...values]]);
}

/** `column NOT IN (values)` (true for every row when the list is empty). */
export function notInValues(data: Dialect, column: string, values: readonly (string | number)[]): Fragment {
  if (data.dialect === "sqlite") return new Fragment(`${column} NOT IN (SELECT value FROM json_each(?))`, [JSON.stringify(values)]);
  return new Fragment(`${column} <> ALL(?)`, [[...values]]);
}

/** The statement for `rows()` or `runRows()` on this handle's database. */
export function toSql(data: Dialect, fragment: Fragment): SQL {
  return data.dialect === "sqlite" ? new SqliteText(fragment.text, fragment.values) : drizzleSql(fragment);
}
