import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, LoginRequest, LogoutRequest, RefreshRequest, Session } from "@tt/contract";
import type { User } from "@tt/db";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { HttpProblem, ProblemCode } from "../../lib/http-problem.ts";
import { toUserDto } from "../../plugins/app/users.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";

function sessionFor(app: FastifyInstance, user: User, familyId: string, refreshToken: string) {
  return {
    accessToken: app.jwt.sign({ sub: user.id, sid: familyId }),
    refreshToken,
    expiresIn: app.config.accessTokenTtlSeconds,
    tokenType: "Bearer" as const,
    user: toUserDto(user),
  };
}

/** Per client address: logins and refreshes are what an attacker would hammer. */
export function authRateLimit(app: FastifyInstance) {
  return { max: app.config.rateLimits.authPerMinute, timeWindow: "1 minute" };
}

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    ApiPaths.login,
    {
      config: { rateLimit: authRateLimit(app) },
      schema: {
        tags: ["auth"],
        summary: "Log in with tt.login's code and/or anonymousCode",
        description:
          "Exchanges the codes with Douyin (jscode2session), creates or updates the user and starts a session. " +
          "anonymousCode alone logs in a guest; a later login with a code upgrades that guest.",
        body: LoginRequest,
        response: { 200: Session, ...problemResponses(400, 401, 413, 415, 502, 503) },
      },
    },
    async (request) => {
      const { code, anonymousCode } = request.body;
      if (code === undefined && anonymousCode === undefined) {
        throw new HttpProblem(
          400,
          ProblemCode.ValidationFailed,
          "Send code, anonymousCode or both",
          [{ path: "body", message: "must have code or anonymousCode" }],
        );
      }
      const identity = await app.douyin.code2session({ code, anonymousCode });
      const user = await app.users.recordLogin({ appid: app.config.douyin.appid, ...identity });
      const { refreshToken, familyId } = await app.sessions.start(user.id);
      request.log.info({ userId: user.id, guest: user.openid === null }, "user logged in");
      return sessionFor(app, user, familyId, refreshToken);
    },
  );

  app.post(
    ApiPaths.refresh,
    {
      config: { rateLimit: authRateLimit(app) },
      schema: {
        tags: ["auth"],
        summary: "Exchange a refresh token for a new session (rotation)",
        body: RefreshRequest,
        response: { 200: Session, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { user, familyId, refreshToken } = await app.sessions.rotate(request.body.refreshToken);
      return sessionFor(app, user, familyId, refreshToken);
    },
  );

  app.post(
    ApiPaths.logout,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["auth"],
        summary: "End this session (or every session of the user without refreshToken)",
        security: [{ bearerAuth: [] }],
        body: LogoutRequest,
        response: { 204: Type.Null({ description: "Logged out" }), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      await app.sessions.end(request.user.sub, request.body?.refreshToken);
      return reply.code(204).send(null);
    },
  );
};

export default auth;
