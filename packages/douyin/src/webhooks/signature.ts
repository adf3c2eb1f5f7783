import { matchesSha1Hex, sha1 } from "../crypto/digest.ts";
import { DouyinInputError } from "../errors.ts";

/** The header Douyin signs pushes with. */
export const WEBHOOK_SIGNATURE_HEADER = "x-douyin-signature";

export interface WebhookSignatureInput {
  /** The body exactly as received: the bytes (best) or their UTF-8 text, before any JSON parsing. */
  readonly rawBody: string | Uint8Array;
  /** The X-Douyin-Signature header. A missing or malformed one is simply "false". */
  readonly signature: string | undefined;
  /**
   * (?) Sources disagree whether pushes are signed with the app secret or with a separate
   * secret set in the console's webhook settings: it is a parameter, give whichever applies.
   */
  readonly secret: string;
}

/** True when `signature == sha1_hex(secret + rawBody)`, compared in constant time. */
export function verifyWebhookSignature(input: WebhookSignatureInput): boolean {
  if (typeof input !== "object" || input === null) {
    throw new DouyinInputError(
      "input",
      "verifyWebhookSignature needs {rawBody, signature, secret}",
    );
  }
  const { rawBody, signature, secret } = input;
  if (typeof secret !== "string" || secret === "") {
    throw new DouyinInputError("secret", "secret must be a non-empty string");
  }
  if (typeof rawBody !== "string" && !(rawBody instanceof Uint8Array)) {
    throw new DouyinInputError("rawBody", "rawBody must be the raw body as a string or bytes");
  }
  return matchesSha1Hex(sha1([secret, rawBody]), signature);
}
