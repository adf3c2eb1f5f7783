import type { FastifyRequest } from "fastify";
import { openFailure } from "../../envelopes.ts";
import { tipsFor } from "../../platform-errors.ts";
import type { RegisteredApp } from "../../state/apps.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { authenticate, bodyObject, openTokenErrNo } from "./credentials.ts";

export interface OpenCall {
  /** The app whose client_token came in the `access-token` header (or that made a cloud call). */
  readonly app: RegisteredApp;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly logId: string;
  /** `{err_no, err_msg, log_id, data: null}`; the message defaults to the documented wording. */
  fail(errNo: number, message?: string): object;
}

/** An open.douyin.com call: checks the client_token first, then runs `handle`. */
export function openCall(
  state: EmulatorState,
  request: FastifyRequest,
  handle: (call: OpenCall) => object,
): object {
  const logId = state.newLogId();
  const fail = (errNo: number, message?: string) =>
    openFailure(errNo, message ?? tipsFor(errNo), logId);
  const auth = authenticate(state, "client_token", request);
  if (!auth.ok) return fail(openTokenErrNo(auth));
  return handle({ app: auth.app, fields: bodyObject(request.body) ?? {}, logId, fail });
}
