import type { PhoneNumberInfo } from "../crypto/phone-number.ts";
import { type CensorTextInput, censorText } from "./censor-text.ts";
import { censorTextV2 } from "./censor-text-v2.ts";
import type { CensorTextResult } from "./censor-verdicts.ts";
import type { CallDeps } from "./deps.ts";
import { type NotifyLegacyInput, notifyLegacy } from "./notify-legacy.ts";
import { type NotifyResult, type NotifyUserInput, notifyUser } from "./notify-user.ts";
import { type GetPhoneNumberInput, getPhoneNumber } from "./phone-number.ts";
import { type CreateQrCodeInput, createQrCode, type QrCodeImage } from "./qrcode.ts";
import { type CreateQrCodeV2Input, createQrCodeV2 } from "./qrcode-v2.ts";
import {
  type QueryUserSubscriptionInput,
  queryUserSubscription,
  type UserSubscription,
} from "./query-subscription.ts";
import { type GenerateUrlLinkInput, generateUrlLink, type UrlLink } from "./url-link.ts";

/**
 * The platform calls of the client. "Retried" = up to `retry.attempts` on busy/5xx/429/timeout/
 * network; every call renews a refused token once (withToken). Bad arguments throw
 * DouyinInputError before any request.
 */
export interface DouyinCalls {
  /** Phone number by the button's code; decrypted and watermark-checked. Not retried. */
  getPhoneNumber(input: GetPhoneNumberInput): Promise<PhoneNumberInfo>;
  /** Subscription message, current API. Not retried (would send twice). */
  notifyUser(input: NotifyUserInput): Promise<NotifyResult>;
  /**
   * Subscription message, legacy v1 API. Not retried.
   * @deprecated Scheduled offline by Douyin for 2024-07-01: use notifyUser. Warns on first use.
   */
  notifyLegacy(input: NotifyLegacyInput): Promise<NotifyResult>;
  /** Whether a user can be sent a template. Retried. */
  queryUserSubscription(input: QueryUserSubscriptionInput): Promise<UserSubscription>;
  /** Text censor v1 (antidirt). Retried. */
  censorText(input: CensorTextInput): Promise<CensorTextResult>;
  /** Text censor, new API. Retried. */
  censorTextV2(input: CensorTextInput): Promise<CensorTextResult>;
  /** QR code v1: the image bytes. Retried. */
  createQrCode(input?: CreateQrCodeInput): Promise<QrCodeImage>;
  /** QR code v2: the image bytes (decoded from data.img). Retried. */
  createQrCodeV2(input?: CreateQrCodeV2Input): Promise<QrCodeImage>;
  /** URL link that opens the mini-program. Retried. */
  generateUrlLink(input: GenerateUrlLinkInput): Promise<UrlLink>;
}

export function createDouyinCalls(deps: CallDeps): DouyinCalls {
  return {
    getPhoneNumber: (input) => getPhoneNumber(deps, input),
    notifyUser: (input) => notifyUser(deps, input),
    notifyLegacy: (input) => notifyLegacy(deps, input),
    queryUserSubscription: (input) => queryUserSubscription(deps, input),
    censorText: (input) => censorText(deps, input),
    censorTextV2: (input) => censorTextV2(deps, input),
    createQrCode: (input) => createQrCode(deps, input),
    createQrCodeV2: (input) => createQrCodeV2(deps, input),
    generateUrlLink: (input) => generateUrlLink(deps, input),
  };
}
