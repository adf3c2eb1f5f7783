import type { RegisteredApp } from "../../state/apps.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import type { PersonaSession } from "../../state/sessions.ts";
import { type Fields, InputError, optionalPersona, optionalString } from "../../validation.ts";

/**
 * A `tt.*` call that fails on the phone: answered HTTP 400 with `{errNo, errMsg: "<api>:fail
 * <message>"}` (the error handler does it), so a simulator hands it to the page's `fail`.
 */
export class DeviceFailure extends Error {
  override name = "DeviceFailure";

  constructor(
    readonly api: string,
    readonly errNo: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Unsure: the emulator's own number. The docs name errMsg "not login" (getPhoneNumber) but no
 * errNo for a user who never ran tt.login.
 */
export const NOT_LOGIN_ERRNO = 10_100;

export interface DeviceTarget {
  readonly app: RegisteredApp;
  readonly persona: string;
}

/** `appid` (default: the default app) and `user` (default persona "default") of a device call. */
export function readDeviceTarget(state: EmulatorState, fields: Fields): DeviceTarget {
  const appid = optionalString(fields, "appid") ?? state.apps.defaultApp.appid;
  const app = state.apps.find(appid);
  if (app === undefined) throw new InputError(`unknown appid "${appid}"`);
  return { app, persona: optionalPersona(fields, "user") ?? "default" };
}

/** The persona's current session: needed wherever the session key is (tt.login must come first). */
export function requireSession(
  state: EmulatorState,
  api: string,
  target: DeviceTarget,
): PersonaSession {
  const session = state.sessions.get(target.app.appid, target.persona);
  if (session === undefined) throw new DeviceFailure(api, NOT_LOGIN_ERRNO, "not login");
  return session;
}
