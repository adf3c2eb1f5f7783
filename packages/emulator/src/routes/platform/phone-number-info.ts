import type { FastifyInstance } from "fastify";
import { encryptForApp } from "../../crypto/sensitive-data.ts";
import { openSuccess } from "../../envelopes.ts";
import { OPEN_ERRORS, PHONE_ERRORS } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { phoneNumberJson } from "../watermark.ts";
import { openCall } from "./open-call.ts";

export const PHONE_NUMBER_INFO_PATH = "/api/apps/v1/get_phonenumber_info/";

/** The new phone flow: the button's code → the phone JSON, RSA-encrypted for the app's key. */
export function registerPhoneNumberInfo(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(PHONE_NUMBER_INFO_PATH, { family: "open" });

  app.post(PHONE_NUMBER_INFO_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const { code } = fields;
      if (typeof code !== "string" || code === "" || code.length > 1024) {
        return fail(OPEN_ERRORS.badParams, "code is required");
      }
      const session = state.phoneCodes.redeem(registered.appid, code);
      if (session === undefined) {
        return fail(PHONE_ERRORS.badCode, "code is invalid, used or expired");
      }
      const plaintext = phoneNumberJson(state, session.persona, registered.appid);
      return openSuccess(encryptForApp(registered.publicKey, plaintext), logId);
    }),
  );
}
