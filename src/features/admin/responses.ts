// The JSON body of a visitor's report (the one admin-area route that answers clients, not admins).
import { t } from "elysia";

export const renderReported = t.Object({
  id: t.String(),
  reported: t.Literal(true),
  already_reported: t.Boolean({ description: "You had an open report on it already (answered 200, not 201)" }),
});
