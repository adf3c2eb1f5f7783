import { type Static, Type } from "typebox";

/** RFC 9457 problem details, with our own `code` and, for validation, the failing fields. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { title: "Problem", description: "RFC 9457 problem details (application/problem+json)" },
);
export type Problem = Static<typeof Problem>;
