import type { FastifyInstance } from "fastify";
import { encryptWithSessionKey, sha1Hex } from "../../crypto/sensitive-data.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, InputError, rejectUnknownFields } from "../../validation.ts";
import { watermark } from "../watermark.ts";
import { readDeviceTarget, requireSession } from "./device-failure.ts";

export const DEVICE_USER_PROFILE_PATH = "/device/user-profile";

const APIS = ["getUserProfile", "getUserInfo"];

/**
 * tt.getUserProfile (or the retiring tt.getUserInfo, `api: "getUserInfo"`): the user's public
 * profile, signed and encrypted with the persona's current session_key.
 */
export function registerDeviceUserProfile(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_USER_PROFILE_PATH, { family: "device", api: "getUserProfile" });

  app.post(DEVICE_USER_PROFILE_PATH, async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "user", "api"]);
    const asked = fields.api ?? "getUserProfile";
    const api = APIS.find((name) => name === asked);
    if (api === undefined) {
      throw new InputError(`api must be one of ${APIS.join(", ")}`);
    }
    const target = readDeviceTarget(state, fields);
    const session = requireSession(state, api, target);

    const userInfo = state.personas.userInfo(target.persona);
    const rawData = JSON.stringify(userInfo);
    const iv = state.ids.iv();
    // The docs: the decrypted profile carries no openid or unionid, only a watermark.
    const plaintext = JSON.stringify({
      ...userInfo,
      watermark: watermark(state, target.app.appid),
    });
    return {
      userInfo,
      rawData,
      signature: sha1Hex(rawData + session.sessionKey),
      encryptedData: encryptWithSessionKey(session.sessionKey, iv, plaintext),
      iv: iv.toString("base64"),
      errMsg: `${api}:ok`,
    };
  });
}
