// Rows the both-backend suites start from, written through the data handle: a user, and a finished render
// (which the publishing triggers place in the gallery when it is public).
import type { Data } from "../../src/db/data";
import { slugifyStyle } from "../../src/domain/style-phrase";

let people = 0;

export async function newUser(data: Data, options: { admin?: boolean } = {}): Promise<number> {
  const { users } = data.tables;
  const n = ++people;
  const [user] = await data.db
    .insert(users)
    .values({ googleSub: `backend-${n}`, email: `backend-${n}@example.com`, isAdmin: options.admin ?? false })
    .returning({ id: users.id });
  return user!.id;
}

export async function insertDoneRender(data: Data, fixture: { userId: number | null; visibility: "public" | "private"; stylePhrase?: string }): Promise<string> {
  const id = crypto.randomUUID();
  const phrase = fixture.stylePhrase ?? "oil painting";
  await data.db.insert(data.tables.renders).values({
    id,
    userId: fixture.userId,
    stylePhrase: phrase,
    styleSlug: slugifyStyle(phrase),
    modelKey: "local:paint",
    basePrompt: "a red fox",
    effectivePrompt: `a red fox, ${phrase}`,
    status: "done",
    visibility: fixture.visibility,
    imagePath: `/images/2026/11/${id}.webp`,
    thumbPath: `/images/2026/11/${id}_t.webp`,
    width: 1024,
    height: 1024,
    completedAt: Date.now(),
  });
  return id;
}
