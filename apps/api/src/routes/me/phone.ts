import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, PhoneSummary, PhoneUpdateRequest } from "@tt/contract";
import {
  isDouyinConfigError,
  isDouyinDecryptError,
  isDouyinError,
  isDouyinWatermarkError,
} from "@tt/douyin";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { openUserData } from "../../lib/douyin-user-data.ts";
import { normalisePhone } from "../../lib/phone-number.ts";
import type { PhoneSource } from "../../plugins/app/phones.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";
import { toPhoneSummary } from "../dto.ts";
import { requireSessionKey } from "./session-key.ts";

const misconfigured = (detail: string) =>
  new DomainError(ProblemCode.PlatformMisconfigured, detail);

/** New flow: the code → the platform → RSA ciphertext for our key pair → the phone JSON. */
async function phoneByCode(
  app: FastifyInstance,
  request: FastifyRequest,
  code: string,
): Promise<Record<string, unknown>> {
  if (app.config.douyin.phonePrivateKey === undefined) {
    throw misconfigured("Set DOUYIN_PHONE_PRIVATE_KEY(_FILE) to read phone numbers by code");
  }
  try {
    return { ...(await app.douyin.getPhoneNumber({ code })) };
  } catch (error) {
    // The SDK's verdict on get_phonenumber_info: the button's code is bad, used or expired.
    if (
      isDouyinError(error) &&
      (error.reason === "phone-code-invalid" || error.reason === "phone-code-expired")
    ) {
      throw new DomainError(ProblemCode.PhoneCodeInvalid, "Ask the user to tap the button again");
    }
    if (isDouyinWatermarkError(error)) {
      throw new DomainError(ProblemCode.WatermarkInvalid, "The number was issued for another app");
    }
    if (isDouyinDecryptError(error) || isDouyinConfigError(error)) {
      // The console holds another public key than ours, or the platform answered garbage.
      const reason = isDouyinDecryptError(error) ? error.reason : error.name;
      request.log.error({ reason, detail: error.message }, "phone number unreadable");
      throw misconfigured("The phone number could not be decrypted with our private key");
    }
    throw error; // other platform failures: 503 (retry) or 502, by the shared mapping
  }
}

const phone: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    ApiPaths.mePhone,
    {
      // Before anything else (body, token): a deployment without the feature reads nothing.
      onRequest: async () => {
        if (!app.config.phone.enabled) {
          throw new DomainError(
            ProblemCode.PhoneNumberDisabled,
            "This deployment does not collect phone numbers",
          );
        }
      },
      preHandler: app.authenticate,
      config: {
        rateLimit: { max: app.config.rateLimits.phonePerMinute, timeWindow: "1 minute" },
      },
      schema: {
        tags: ["me"],
        summary: "Verify the user's phone number (getPhoneNumber button)",
        description:
          "Post the button's detail: {encryptedData, iv} (old flow, decrypted with the session key) or {code} " +
          "(new flow, exchanged with Douyin). The number is stored encrypted; answers show it masked only. " +
          "403 PHONE_NUMBER_DISABLED when this deployment does not collect numbers; 400 PHONE_CODE_INVALID: tap again; " +
          "401 SESSION_EXPIRED: log in and tap again.",
        security: [{ bearerAuth: [] }],
        body: PhoneUpdateRequest,
        response: {
          200: PhoneSummary,
          ...problemResponses(400, 401, 403, 413, 415, 429, 502, 503),
        },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      const { body } = request;
      let data: Record<string, unknown>;
      let source: PhoneSource;
      if ("code" in body) {
        data = await phoneByCode(app, request, body.code);
        source = "code";
      } else {
        const sessionKey = await requireSessionKey(app, userId);
        data = openUserData(body, sessionKey, app.config.douyin.appid);
        source = "encrypted";
      }
      const number = normalisePhone(data);
      if (number === undefined) {
        throw new DomainError(
          ProblemCode.EncryptedDataInvalid,
          "The decrypted data holds no phone number",
        );
      }
      const row = await app.phones.save(userId, number, source);
      request.log.info({ userId, source }, "phone number verified");
      return toPhoneSummary(row);
    },
  );
};

export default phone;
