// Request schemas for sign-in.
import { t } from "elysia";

export const devSignInBody = t.Object({
  email: t.String({ format: "email", maxLength: 254, error: "email must be a valid email address" }),
});

export const googleIdTokenBody = t.Object({
  credential: t.String({ minLength: 10, maxLength: 8192, error: "credential must be a Google ID token" }),
});

export const callbackQuery = t.Object({
  code: t.Optional(t.String({ maxLength: 2048 })),
  state: t.Optional(t.String({ maxLength: 512 })),
  error: t.Optional(t.String({ maxLength: 256 })),
});
