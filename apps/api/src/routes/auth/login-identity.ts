import type { LoginRequest } from "@tt/contract";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { DouyinIdentity } from "../../plugins/app/users.ts";

type Identity = Omit<DouyinIdentity, "appid">;

const agrees = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined || a === b;

/**
 * Who logs in. Ordinarily: what jscode2session says of the codes. In Douyin Cloud mode: the
 * gateway's caller headers; codes, when sent, are exchanged only for the session key (which
 * encrypted user data needs) and must belong to that same caller.
 */
export async function loginIdentity(
  app: FastifyInstance,
  request: FastifyRequest,
  { code, anonymousCode }: LoginRequest,
): Promise<Identity> {
  const hasCodes = code !== undefined || anonymousCode !== undefined;
  if (!app.config.douyin.cloud) {
    if (!hasCodes) {
      throw new DomainError(ProblemCode.ValidationFailed, "Send code, anonymousCode or both", {
        errors: [{ path: "body", message: "must have code or anonymousCode" }],
      });
    }
    return app.douyin.code2session({ code, anonymousCode });
  }

  const caller = app.cloudCaller(request);
  if (!hasCodes) return caller;
  const exchanged = await app.douyin.code2session({ code, anonymousCode });
  const sameCaller =
    agrees(caller.openid, exchanged.openid) &&
    agrees(caller.anonymousOpenid, exchanged.anonymousOpenid) &&
    // A guest by the gateway's word cannot become a named user by a code.
    (caller.openid !== undefined || exchanged.openid === undefined);
  if (!sameCaller) {
    throw new DomainError(
      ProblemCode.CloudIdentityInvalid,
      "The login codes belong to another Douyin user than the gateway's caller",
    );
  }
  return {
    openid: caller.openid,
    unionid: caller.unionid ?? exchanged.unionid,
    anonymousOpenid: caller.anonymousOpenid ?? exchanged.anonymousOpenid,
    sessionKey: exchanged.sessionKey,
  };
}
