import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../../state/emulator-state.ts";
import {
  bodyFields,
  InputError,
  optionalBoolean,
  optionalPersona,
  optionalString,
  rejectUnknownFields,
} from "../../validation.ts";

export const DEVICE_LOGIN_PATH = "/device/login";

/** What `tt.login` does on a phone: a login code (when logged into the host app) and an anonymous code. */
export function registerDeviceLogin(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_LOGIN_PATH, { family: "device", api: "login" });

  app.post(DEVICE_LOGIN_PATH, async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "user", "loggedIn"]);
    const appid = optionalString(fields, "appid") ?? state.apps.defaultApp.appid;
    const persona = optionalPersona(fields, "user") ?? "default";
    const loggedIn = optionalBoolean(fields, "loggedIn") ?? true;
    if (state.apps.find(appid) === undefined) throw new InputError(`unknown appid "${appid}"`);

    // Every login rotates the persona's session_key, like tt.login does.
    const session = state.sessions.rotate(appid, persona, loggedIn);
    // Unsure: when the user is not logged in, the real platform may omit `code` instead of "".
    const code = loggedIn ? state.loginCodes.issue(session) : "";
    const anonymousCode = state.anonymousCodes.issue(session);
    return { code, anonymousCode, isLogin: loggedIn };
  });
}
