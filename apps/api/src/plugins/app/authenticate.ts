import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { HttpProblem, ProblemCode } from "../../lib/http-problem.ts";
import type { AccessTokenClaims } from "../external/jwt.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** preHandler for routes that need a logged-in user: verifies the Bearer access token. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

export default fp(
  async function authenticate(app: FastifyInstance) {
    app.decorate("authenticate", async (request: FastifyRequest) => {
      const claims = await request.jwtVerify<AccessTokenClaims>();
      // A logout or a detected token theft ends the session before its access tokens expire.
      if (!(await app.sessions.isOpen(claims.sid))) {
        throw new HttpProblem(
          401,
          ProblemCode.Unauthorized,
          "This session has ended; log in again",
        );
      }
    });
  },
  { name: "authenticate", dependencies: ["jwt", "sessions"] },
);
