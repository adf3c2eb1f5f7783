import { createHash, timingSafeEqual } from "node:crypto";
import { AdminKeyHeader } from "@tt/contract";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { AppConfig } from "../../config.ts";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { memoryFailureCounter, redisFailureCounter } from "../../lib/failure-window.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** onRequest hook of the admin routes: checks x-admin-key against ADMIN_API_KEY. */
    verifyAdminKey(request: FastifyRequest): Promise<void>;
  }
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** What server.ts prints once to stderr in development (never through the structured log). */
export function developmentAdminKeyNotice(
  key: string,
  source: AppConfig["adminApiKeySource"],
): string {
  const from =
    source === "generated"
      ? "generated and kept in .data/dev-secrets.json; set ADMIN_API_KEY to choose your own"
      : "from ADMIN_API_KEY";
  return `Admin API key (development only, ${from}). Send it as ${AdminKeyHeader} to /api/admin/*:\n  ${key}`;
}

export default fp(
  async function adminAuth(app: FastifyInstance) {
    const expected = app.config.adminApiKey;
    const maxFailures = app.config.rateLimits.adminFailuresPerMinute;
    // With Redis, every instance counts a client's wrong keys together.
    const failures =
      app.redis === undefined
        ? memoryFailureCounter(maxFailures, 60_000)
        : redisFailureCounter(
            app.redis,
            `${app.config.redis?.keyPrefix}admin-failures:`,
            maxFailures,
            60_000,
          );
    app.decorate("verifyAdminKey", async (request: FastifyRequest) => {
      // The admin routes are not registered without a key; this is the last line all the same.
      if (expected === undefined) throw new DomainError(ProblemCode.NotFound);
      // A client that keeps sending wrong keys is refused, the right key included, until its
      // window ends: guessing gets nowhere, and a guess that happens to be right tells nothing.
      const retryAfter = await failures.retryAfterSeconds(request.ip);
      if (retryAfter > 0) {
        throw new DomainError(
          ProblemCode.RateLimited,
          `At most ${maxFailures} wrong admin keys per minute`,
          { retryAfterSeconds: retryAfter },
        );
      }
      const given = request.headers[AdminKeyHeader];
      if (typeof given !== "string" || given === "") {
        throw new DomainError(ProblemCode.Unauthorized, `Send the admin key in ${AdminKeyHeader}`);
      }
      if (!sameSecret(given, expected)) {
        await failures.recordFailure(request.ip);
        request.log.warn("admin request with a wrong key");
        throw new DomainError(ProblemCode.Forbidden, "The admin key is not valid");
      }
    });
  },
  { name: "admin-auth", dependencies: ["config", "redis"] },
);
