import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { AccessTokenClaims } from "../external/jwt.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** preHandler for routes that need a logged-in user: verifies the Bearer access token. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

const missingToken = new Set(["FST_JWT_NO_AUTHORIZATION_IN_HEADER", "FST_JWT_BAD_REQUEST"]);
const expiredToken = new Set(["FST_JWT_AUTHORIZATION_TOKEN_EXPIRED"]);

/**
 * Any failure to verify is the client's: a token made elsewhere (another algorithm, key or claim
 * set) is as unauthorized as a missing one, and never an error of ours to log.
 */
function unverified(error: unknown): DomainError {
  const code = String((error as { code?: unknown } | null)?.code);
  if (expiredToken.has(code)) {
    return new DomainError(ProblemCode.AccessTokenExpired, "Refresh it at /api/auth/refresh");
  }
  if (missingToken.has(code)) {
    return new DomainError(ProblemCode.Unauthorized, "Send Authorization: Bearer <accessToken>");
  }
  return new DomainError(ProblemCode.Unauthorized, "The access token is not valid");
}

const nonEmptyText = (value: unknown) => typeof value === "string" && value !== "";

/** The claims we issue, typed: the verifier only ensures they are present. */
function hasOurClaims(claims: unknown): claims is AccessTokenClaims {
  const fields = claims as Record<string, unknown>;
  // The verifier already refuses an exp that is not a number (kept: this guard states the type).
  // Stryker disable next-line ConditionalExpression: equivalent, as said above.
  const numericExp = typeof fields.exp === "number";
  return nonEmptyText(fields.sub) && nonEmptyText(fields.sid) && numericExp;
}

export default fp(
  async function authenticate(app: FastifyInstance) {
    app.decorate("authenticate", async (request: FastifyRequest) => {
      let claims: unknown;
      try {
        claims = await request.jwtVerify<AccessTokenClaims>();
      } catch (error) {
        throw unverified(error);
      }
      if (!hasOurClaims(claims)) throw unverified(undefined);
      // A logout or a detected token theft ends the session before its access tokens expire.
      if (!(await app.sessions.isOpen(claims.sid))) {
        throw new DomainError(ProblemCode.Unauthorized, "This session has ended; log in again");
      }
    });
  },
  { name: "authenticate", dependencies: ["jwt", "sessions"] },
);
