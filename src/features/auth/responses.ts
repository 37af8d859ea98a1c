// The JSON bodies of sign-in, sign-out and GET /me.
import { t } from "elysia";
import { integer } from "../../http/responses";

export const signedIn = t.Object({ user_id: integer(), email: t.String() });

export const signedOut = t.Object({ signed_out: t.Literal(true) });

export const me = t.Object(
  {
    user_id: t.Union([integer(), t.Null()]),
    email: t.Union([t.String(), t.Null()]),
    credits: integer(),
    lifetime_spend_cents: integer(),
    unlocked: t.Boolean({ description: "Lifetime spend reached the unlock threshold" }),
    library_access: t.Boolean({ description: "May download the whole library and any public render at full size" }),
  },
  { description: "The signed-in user; nulls, zeros and false when signed out" },
);
