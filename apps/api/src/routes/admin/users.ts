import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AdminUsersPage, AdminUsersQuery, ApiPaths } from "@tt/contract";
import { DomainError, ProblemCode } from "../../domain/errors.ts";

import { problemResponses } from "../../schemas/problem-responses.ts";
import { toGrantDto, toUserDto } from "../dto.ts";
import { adminHeaders } from "./messages.ts";

const DEFAULT_LIMIT = 20;

/** Cursors are opaque to clients: the last user id of a page, base64url. */
const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[\w-]{1,64}$/.test(id) || encodeCursor(id) !== cursor) {
    throw new DomainError(ProblemCode.ValidationFailed, "cursor is not one this API gave", {
      errors: [{ path: "querystring.cursor", message: "is not a valid cursor" }],
    });
  }
  return id;
}

const users: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    ApiPaths.adminUsers,
    {
      schema: {
        tags: ["admin"],
        summary: "Users, oldest first, a page at a time; filter by openid",
        description:
          "Phone numbers appear masked only. Pass nextCursor as cursor for the next page.",
        headers: adminHeaders,
        querystring: AdminUsersQuery,
        response: { 200: AdminUsersPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { openid, cursor, limit } = request.query;
      const take = limit === undefined ? DEFAULT_LIMIT : Number(limit);
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const { users, more } = await app.users.page({ openid, after, limit: take });
      const last = users.at(-1);
      return {
        users: users.map((user) => ({
          ...toUserDto(user),
          phoneMasked: user.phoneMasked,
          grants: user.grants.map(toGrantDto),
        })),
        nextCursor: more && last ? encodeCursor(last.id) : null,
      };
    },
  );
};

export default users;
