import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { DomainError, ProblemCode } from "../../domain/errors.ts";

/** Who calls, as Douyin Cloud's gateway says it (免登录 page): an openid, or an anonymous one. */
export interface CloudCaller {
  readonly openid?: string;
  readonly unionid?: string;
  readonly anonymousOpenid?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Douyin Cloud mode only: the caller of a request that came through the gateway of this app.
     * Throws CLOUD_IDENTITY_INVALID without X-TT-OPENID or X-TT-ANONYMOUS-OPENID, or when
     * X-TT-APPID names another app.
     */
    cloudCaller(request: FastifyRequest): CloudCaller;
  }
}

/** The headers that say who calls: only Douyin Cloud's gateway may set them. */
export const CLOUD_CALLER_HEADERS = [
  "x-tt-openid",
  "x-tt-unionid",
  "x-tt-anonymous-openid",
  "x-tt-appid",
] as const;

/** Openids are opaque; these bounds only keep junk out of the database. */
const ID_PATTERN = /^[\x21-\x7E]{1,128}$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new DomainError(ProblemCode.CloudIdentityInvalid, `${name} is not a single identifier`);
  }
  return value;
}

/**
 * Douyin Cloud's caller headers. On (DOUYIN_CLOUD): the gateway's word for who calls, read by the
 * login route. Off: any request that carries one is refused before anything runs, so a header a
 * client wrote can never pass for the gateway's.
 *
 * On Douyin Cloud these headers are only trustworthy on requests the gateway forwarded: keep the
 * service's public (公网) access off, or anyone can write them (README, "On Douyin Cloud").
 */
export default fp(
  async function cloudCaller(app: FastifyInstance) {
    const { cloud, appid } = app.config.douyin;
    app.decorate("cloudCaller", (request: FastifyRequest): CloudCaller => {
      if (!cloud) throw new Error("cloudCaller is only for Douyin Cloud mode");
      const callerAppid = header(request, "x-tt-appid");
      const openid = header(request, "x-tt-openid");
      const anonymousOpenid = header(request, "x-tt-anonymous-openid");
      const unionid = header(request, "x-tt-unionid");
      if (callerAppid !== appid || (openid === undefined && anonymousOpenid === undefined)) {
        throw new DomainError(
          ProblemCode.CloudIdentityInvalid,
          "Log in through Douyin Cloud's callContainer: the gateway's caller headers are missing or name another app",
        );
      }
      return {
        ...(openid === undefined ? {} : { openid }),
        ...(unionid === undefined ? {} : { unionid }),
        ...(anonymousOpenid === undefined ? {} : { anonymousOpenid }),
      };
    });
    if (cloud) return;
    // A callback hook, not an async one: it runs on every request.
    app.addHook("onRequest", (request, _reply, done) => {
      const sent = CLOUD_CALLER_HEADERS.filter((name) => request.headers[name] !== undefined);
      if (sent.length === 0) return done();
      done(
        new DomainError(
          ProblemCode.CloudIdentityRefused,
          `${sent.join(", ")}: Douyin Cloud caller headers are refused because DOUYIN_CLOUD is off`,
        ),
      );
    });
  },
  { name: "cloud-caller", dependencies: ["config", "problems"] },
);
