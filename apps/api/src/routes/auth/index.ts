import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, LoginRequest, LogoutRequest, RefreshRequest, Session } from "@tt/contract";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { User } from "../../domain/models.ts";
import { optionalBody } from "../../lib/optional-body.ts";

import { problemResponses } from "../../schemas/problem-responses.ts";
import { toUserDto } from "../dto.ts";
import { loginIdentity } from "./login-identity.ts";

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
          "anonymousCode alone logs in a guest; a later login with a code upgrades that guest. " +
          "In Douyin Cloud mode (DOUYIN_CLOUD) the caller is who the gateway's X-TT-OPENID / " +
          "X-TT-ANONYMOUS-OPENID headers say; codes are optional and only bring the session key.",
        body: LoginRequest,
        response: { 200: Session, ...problemResponses(400, 401, 413, 415, 502, 503) },
      },
    },
    async (request) => {
      const identity = await loginIdentity(app, request, request.body);
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

  await app.register(logoutRoute);
};

/**
 * POST /api/auth/logout, in its own scope: there the body is optional, also with a JSON content
 * type and no bytes (Fastify's JSON parser refuses those elsewhere).
 */
const logoutRoute: FastifyPluginAsyncTypebox = async (app) => {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body.toString();
    if (text === "") done(null, undefined);
    else parseJson(request, text, done);
  });

  app.post(
    ApiPaths.logout,
    {
      // Before validation: without a valid access token the answer is 401, whatever the body.
      preValidation: [
        app.authenticate,
        async (request) => {
          request.body ??= {};
        },
      ],
      schema: {
        tags: ["auth"],
        summary: "End this session, one other, or every session of the user",
        description:
          "No body or {}: ends the session of the access token. " +
          '{"allSessions":true}: ends every session of the user, on every device. ' +
          '{"refreshToken":"…"}: ends the session that refresh token belongs to (if it is the ' +
          "user's; otherwise nothing happens). Refresh and access tokens of an ended session stop " +
          "working at once.",
        security: [{ bearerAuth: [] }],
        body: LogoutRequest,
        ...optionalBody,
        response: { 204: Type.Null({ description: "Logged out" }), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const { sub: userId, sid } = request.user;
      const { refreshToken, allSessions = false } = request.body;
      if (refreshToken !== undefined && allSessions) {
        throw new DomainError(
          ProblemCode.ValidationFailed,
          "Send refreshToken or allSessions, not both",
          {
            errors: [{ path: "body", message: "must not have both refreshToken and allSessions" }],
          },
        );
      }
      if (allSessions) await app.sessions.endAll(userId);
      else if (refreshToken !== undefined) await app.sessions.endSessionOf(userId, refreshToken);
      else await app.sessions.endSession(userId, sid);
      return reply.code(204).send(null);
    },
  );
};

export default auth;
