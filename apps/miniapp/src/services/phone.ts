import { type PhoneSummary, type PhoneUpdateRequest, ProblemCode } from "@tt/contract";
import { type ApiClient, isApiProblemError } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { renewIfSessionExpired } from "./douyin-session.ts";

/** The `detail` of `<button open-type="getPhoneNumber" bindgetphonenumber>`'s event. */
export interface PhoneNumberDetail {
  errMsg?: string;
  /** Old flow: encrypted with the session key. */
  encryptedData?: string;
  iv?: string;
  /** New flow (base library ≥ 3.51.0): single use, 5 minutes. */
  code?: string;
}

export type PhoneOutcome =
  /** Verified: the answer holds only the masked number. */
  | { kind: "saved"; phone: PhoneSummary }
  | { kind: "denied" }
  /** This deployment does not collect phone numbers: hide the button. */
  | { kind: "disabled" }
  /** Ask the user to tap again: the code was spent or expired, or the session key was renewed. */
  | { kind: "tapAgain"; reason: "code" | "session" }
  /** The person is not logged in to Douyin (a guest): offer Douyin's login first. */
  | { kind: "needsDouyinLogin" }
  /**
   * Douyin refused this app, not the person: it lacks the phone number capability (enterprise
   * apps that asked for it in the console). For the developer to fix; hide the button meanwhile.
   */
  | { kind: "notPermitted" }
  /** The button reported another failure (no phone number…). */
  | { kind: "failed"; errMsg: string };

export interface PhoneService {
  /** Sends the button's detail to PUT /api/me/phone. */
  savePhoneNumber(detail: PhoneNumberDetail): Promise<PhoneOutcome>;
}

export function createPhoneService(api: ApiClient, auth: Auth): PhoneService {
  return {
    async savePhoneNumber(detail) {
      const errMsg = detail.errMsg ?? "";
      if (!errMsg.endsWith(":ok")) return refusal(errMsg);
      let body: PhoneUpdateRequest;
      if (detail.code) body = { code: detail.code };
      else if (detail.encryptedData && detail.iv) {
        body = { encryptedData: detail.encryptedData, iv: detail.iv };
      } else return { kind: "failed", errMsg: "getPhoneNumber answered neither code nor data" };

      try {
        const phone = await auth.authorized((token) => api.updatePhone(token, body));
        return { kind: "saved", phone };
      } catch (error) {
        if (isApiProblemError(error) && error.code === ProblemCode.PhoneNumberDisabled) {
          return { kind: "disabled" };
        }
        if (isApiProblemError(error) && error.code === ProblemCode.PhoneCodeInvalid) {
          return { kind: "tapAgain", reason: "code" };
        }
        if (await renewIfSessionExpired(auth, error))
          return { kind: "tapAgain", reason: "session" };
        throw error;
      }
    },
  };
}

/** The button's `fail` answers: who refused, and what the page can offer. */
function refusal(errMsg: string): PhoneOutcome {
  if (/\bplatform auth deny\b|\bno permission\b/.test(errMsg)) return { kind: "notPermitted" };
  if (/\bnot login\b/.test(errMsg)) return { kind: "needsDouyinLogin" };
  if (/\bdeny\b|\bdenied\b|\bcancel\b/.test(errMsg)) return { kind: "denied" };
  return { kind: "failed", errMsg: errMsg || "getPhoneNumber:fail" };
}
