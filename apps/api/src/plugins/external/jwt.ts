import jwt from "@fastify/jwt";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export interface AccessTokenClaims {
  /** Our user id. */
  sub: string;
  /** The refresh-token family (one login session); revoking it ends the access token too. */
  sid: string;
}

declare module "@fastify/jwt" {
  interface FastifyJWT {
    payload: AccessTokenClaims;
    user: AccessTokenClaims;
  }
}

export default fp(
  async function accessTokens(app: FastifyInstance) {
    await app.register(jwt, {
      secret: app.config.jwtSecret,
      sign: { algorithm: "HS256", expiresIn: app.config.accessTokenTtlSeconds },
      // A token without an expiry would be valid for ever; one without sub or sid names nobody.
      verify: { algorithms: ["HS256"], requiredClaims: ["exp", "sub", "sid"] },
    });
  },
  { name: "jwt", dependencies: ["config"] },
);
