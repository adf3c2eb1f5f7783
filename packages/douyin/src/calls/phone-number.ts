import { badResponse } from "../bad-response.ts";
import { decryptPhoneNumberCiphertext, type PhoneNumberInfo } from "../crypto/phone-number.ts";
import { checkWatermark } from "../crypto/watermark.ts";
import type { CodeMeanings } from "../error-category.ts";
import { DouyinConfigError } from "../errors.ts";
import type { CallDeps } from "./deps.ts";
import { postWithClientToken } from "./token-post.ts";
import { requireId, requireInput } from "./validate.ts";

export const GET_PHONE_NUMBER_PATH = "/api/apps/v1/get_phonenumber_info/";

/**
 * What the codes about the button's code mean here. (?) 28001007 is the platform's general
 * "参数不合法": on this path the code is the only parameter, so a bad or used code (the emulator
 * answers it); 28005187 for an expired code is named only by third-party SDKs (README, "Unsure").
 * Either way the user taps the button again.
 */
export const GET_PHONE_NUMBER_MEANINGS: CodeMeanings = new Map([
  [28001007, { category: "user-action", reason: "phone-code-invalid" }],
  [28005187, { category: "user-action", reason: "phone-code-expired" }],
]);

export interface GetPhoneNumberInput {
  /** `detail.code` of the getPhoneNumber button (base library ≥ 3.51.0): single use, 5 min. */
  readonly code: string;
}

/**
 * Exchanges a phone number code (open.douyin.com, client_token in the `access-token` header),
 * decrypts the answer with the configured phoneNumberPrivateKey and checks its watermark appid.
 * Never retried: the code is single-use (a token error is still renewed once by withToken: the
 * platform refuses the token before it looks at the code).
 * Throws DouyinConfigError without phoneNumberPrivateKey, DouyinError for platform failures,
 * DouyinDecryptError ("private-key-mismatch": the console holds another public key) and
 * DouyinWatermarkError ("foreign-appid").
 */
export async function getPhoneNumber(
  deps: CallDeps,
  input: GetPhoneNumberInput,
): Promise<PhoneNumberInfo> {
  const fields = requireInput(input, "getPhoneNumber", "{code}");
  const code = requireId(fields.code, "code", 512);
  const key = deps.phoneNumberPrivateKey;
  if (key === undefined) {
    throw new DouyinConfigError(
      "phoneNumberPrivateKey",
      "getPhoneNumber needs phoneNumberPrivateKey (the RSA private key whose public half is in the console)",
    );
  }
  const answer = await postWithClientToken(
    deps,
    GET_PHONE_NUMBER_PATH,
    { code },
    [code],
    GET_PHONE_NUMBER_MEANINGS,
  );
  if (typeof answer.data !== "string" || answer.data === "") {
    throw badResponse(GET_PHONE_NUMBER_PATH, answer, "the encrypted phone number");
  }
  const phone = decryptPhoneNumberCiphertext(answer.data, key);
  checkWatermark(phone, { appid: deps.credentials.appid });
  return phone;
}
