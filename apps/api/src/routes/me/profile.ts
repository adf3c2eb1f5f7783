import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, Profile, ProfileUpdateRequest } from "@tt/contract";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { openSignedUserData } from "../../lib/douyin-user-data.ts";
import type { ProfileFields } from "../../plugins/app/profiles.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";
import { toProfileDto } from "../dto.ts";
import { requireSessionKey } from "./session-key.ts";

/** The profile fields as tt names them, with the longest value accepted. */
const textFields = [
  ["city", 64],
  ["province", 64],
  ["country", 64],
  ["language", 32],
] as const;
const compared = ["nickName", "avatarUrl", "gender", "city", "province", "country", "language"];

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/**
 * The profile from the DECRYPTED data (the signature covers rawData, the encryption covers the
 * rest): rawData must say the same, and each field must be sane.
 */
export function profileFields(data: Record<string, unknown>, rawData: string): ProfileFields {
  let raw: unknown;
  try {
    raw = JSON.parse(rawData);
  } catch {
    raw = undefined;
  }
  if (
    typeof raw !== "object" ||
    raw === null ||
    compared.some((key) => (raw as Record<string, unknown>)[key] !== data[key])
  ) {
    throw new DomainError(
      ProblemCode.SignatureInvalid,
      "rawData does not match the encrypted profile",
    );
  }

  const errors: { path: string; message: string }[] = [];
  const invalid = (key: string, message: string) =>
    errors.push({ path: `encryptedData.${key}`, message });
  const { nickName, avatarUrl, gender } = data;
  if (typeof nickName !== "string" || nickName.trim() === "" || nickName.length > 64) {
    invalid("nickName", "must be a string of 1 to 64 characters");
  }
  if (typeof avatarUrl !== "string" || avatarUrl.length > 2048 || !isHttpsUrl(avatarUrl)) {
    invalid("avatarUrl", "must be an https URL of at most 2048 characters");
  }
  if (gender !== 0 && gender !== 1 && gender !== 2) invalid("gender", "must be 0, 1 or 2");
  const text: Record<string, string> = {};
  for (const [key, maxLength] of textFields) {
    const value = data[key];
    if (typeof value !== "string" || value.length > maxLength) {
      invalid(key, `must be a string of at most ${maxLength} characters`);
    } else {
      text[key] = value.trim();
    }
  }
  if (errors.length > 0) {
    const detail = errors.map((error) => `${error.path} ${error.message}`).join("; ");
    throw new DomainError(ProblemCode.ValidationFailed, detail, { errors: errors });
  }
  return {
    nickname: (nickName as string).trim(),
    avatarUrl: avatarUrl as string,
    gender: gender as 0 | 1 | 2,
    city: text.city ?? "",
    province: text.province ?? "",
    country: text.country ?? "",
    language: text.language ?? "",
  };
}

const profile: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    ApiPaths.meProfile,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "Store the profile from tt.getUserProfile",
        description:
          "Post tt.getUserProfile's success object unchanged. The signature is checked with the user's session key " +
          "and the profile is read from encryptedData (its watermark must name this app). " +
          "401 SESSION_EXPIRED: the data was made with another session key (tt.login ran again): log in and retry. " +
          "400 SIGNATURE_INVALID, ENCRYPTED_DATA_INVALID, WATERMARK_INVALID: the data was altered or is not ours.",
        security: [{ bearerAuth: [] }],
        body: ProfileUpdateRequest,
        response: { 200: Profile, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      const sessionKey = await requireSessionKey(app, userId);
      const data = openSignedUserData(request.body, sessionKey, app.config.douyin.appid);
      const row = await app.profiles.save(userId, profileFields(data, request.body.rawData));
      request.log.info({ userId }, "profile stored");
      return toProfileDto(row);
    },
  );
};

export default profile;
