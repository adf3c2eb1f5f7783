// @fastify/swagger marks every request body with a schema as required; a route whose body may be
// left out says so with `optionalBody` in its schema, and the OpenAPI document follows.
const marker = "x-optional-body";

/** Spread into a route's schema: the body may be absent (the route handles that itself). */
export const optionalBody = { [marker]: true } as const;

type Operation = { [marker]?: unknown; requestBody?: { required?: boolean } };

/** swagger's transformObject: requestBody.required false where the route said optionalBody. */
export function applyOptionalBodies<T extends { paths?: unknown }>(document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (typeof operation !== "object" || operation === null || !(marker in operation)) continue;
      delete operation[marker];
      if (operation.requestBody) operation.requestBody.required = false;
    }
  }
  return document;
}
