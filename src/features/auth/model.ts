// Request schemas for sign-in.
import { t } from "elysia";

/** Where to return after sign-in; checked by safeReturnPath wherever it is used. */
const next = t.Optional(t.String({ maxLength: 1024 }));

export const signInQuery = t.Object({ next });

export const devSignInBody = t.Object({
  email: t.String({ format: "email", maxLength: 254, error: "email must be a valid email address" }),
  next,
});

export const googleIdTokenBody = t.Object({
  credential: t.String({ minLength: 10, maxLength: 8192, error: "credential must be a Google ID token" }),
  next,
});

export const callbackQuery = t.Object({
  code: t.Optional(t.String({ maxLength: 2048 })),
  state: t.Optional(t.String({ maxLength: 512 })),
  error: t.Optional(t.String({ maxLength: 256 })),
});
