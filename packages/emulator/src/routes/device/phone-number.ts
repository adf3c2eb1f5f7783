import type { FastifyInstance } from "fastify";
import { encryptWithSessionKey } from "../../crypto/sensitive-data.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { bodyFields, InputError, rejectUnknownFields } from "../../validation.ts";
import { phoneNumberJson } from "../watermark.ts";
import { readDeviceTarget, requireSession } from "./device-failure.ts";

export const DEVICE_PHONE_NUMBER_PATH = "/device/phone-number";

/**
 * The getPhoneNumber button: `flow: "encrypted"` (old: encryptedData + iv under the session_key)
 * or `flow: "code"` (base library ≥ 3.51.0: a code for get_phonenumber_info). Both need a login.
 */
export function registerDevicePhoneNumber(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_PHONE_NUMBER_PATH, { family: "device", api: "getPhoneNumber" });

  app.post(DEVICE_PHONE_NUMBER_PATH, async (request) => {
    const fields = bodyFields(request.body);
    rejectUnknownFields(fields, ["appid", "user", "flow"]);
    const { flow } = fields;
    if (flow !== "encrypted" && flow !== "code") {
      throw new InputError('flow must be "encrypted" or "code"');
    }
    const target = readDeviceTarget(state, fields);
    const session = requireSession(state, "getPhoneNumber", target);
    const errMsg = "getPhoneNumber:ok";
    if (flow === "code") return { code: state.phoneCodes.issue(session), errMsg };

    const iv = state.ids.iv();
    const plaintext = phoneNumberJson(state, target.persona, target.app.appid);
    return {
      encryptedData: encryptWithSessionKey(session.sessionKey, iv, plaintext),
      iv: iv.toString("base64"),
      errMsg,
    };
  });
}
