import type { FastifyRequest } from "fastify";
import { cloudCallAppid } from "../../cloud/cloud-call.ts";
import { CREDENTIAL_ERRORS } from "../../platform-errors.ts";
import type { RegisteredApp } from "../../state/apps.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { TokenKind } from "../../state/tokens.ts";

export type Authentication =
  | { readonly ok: true; readonly app: RegisteredApp }
  | { readonly ok: false; readonly expired: boolean };

/** The body as a plain object, or undefined when it is something else (or absent). */
export function bodyObject(body: unknown): Record<string, unknown> | undefined {
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/** developer.toutiao.com: `access_token` in the body, or the `X-Token` header. */
export function legacyToken(request: FastifyRequest): string | undefined {
  const fromBody = bodyObject(request.body)?.access_token;
  return typeof fromBody === "string" && fromBody !== "" ? fromBody : header(request, "x-token");
}

/** open.douyin.com: the `access-token` header carries the client_token. */
export function openToken(request: FastifyRequest): string | undefined {
  return header(request, "access-token");
}

/**
 * The app behind a call: the one a cloud call names (no token needed, any token ignored), or the
 * one whose token of `kind` came in the request (developer.toutiao.com's or open.douyin.com's).
 */
export function authenticate(
  state: EmulatorState,
  kind: TokenKind,
  request: FastifyRequest,
): Authentication {
  const cloudApp = cloudCallAppid(request);
  if (cloudApp !== undefined) {
    const app = state.apps.find(cloudApp);
    return app === undefined ? { ok: false, expired: false } : { ok: true, app };
  }
  const token = kind === "access_token" ? legacyToken(request) : openToken(request);
  const check = state.tokens.check(kind, token);
  if (!check.ok) return { ok: false, expired: check.reason === "expired" };
  const app = state.apps.find(check.appid);
  return app === undefined ? { ok: false, expired: false } : { ok: true, app };
}

/** open.douyin.com's token errors: 28001008 expired, 28001003 anything else. */
export function openTokenErrNo(failure: { expired: boolean }): number {
  return failure.expired ? CREDENTIAL_ERRORS.openExpired : CREDENTIAL_ERRORS.openInvalid;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
