import type { PhoneNumberFlow, UserAnswers } from "./answers.ts";
import { AUTH_DENY, AUTH_DENY_ERRNO } from "./authorization.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import type { Persona } from "./login.ts";
import type { UiEvent } from "./ui.ts";

/** The `detail` of a getphonenumber event: the button's only way to answer. */
export type PhoneNumberDetail =
  | { errMsg: string; encryptedData: string; iv: string }
  | { errMsg: string; code: string }
  | { errMsg: string; errNo?: number };

export interface PhoneNumberOptions {
  /** Default: `answers.phoneNumberFlow`. */
  flow?: PhoneNumberFlow;
  /** Does the user allow? Default: `answers.phoneNumber`. */
  allow?: boolean;
}

/**
 * What `<button open-type="getPhoneNumber">` hands to its bindgetphonenumber handler after the
 * user's choice: `{encryptedData, iv}` or `{code}` from the emulator, or a failure in errMsg (the
 * event fires either way). Unsure: Douyin's sample reads `detail.errno`; we give errNo like the
 * other failures.
 */
export async function phoneNumberDetail(
  emulatorUrl: string,
  persona: Persona,
  answers: UserAnswers,
  ui: UiEvent[],
  options: PhoneNumberOptions = {},
): Promise<PhoneNumberDetail> {
  const allowed = options.allow ?? answers.phoneNumber;
  ui.push({ type: "consent", api: "getPhoneNumber", allowed });
  if (!allowed) return { errMsg: `getPhoneNumber:fail ${AUTH_DENY}`, errNo: AUTH_DENY_ERRNO };
  try {
    const body = await callDevice(emulatorUrl, persona, {
      method: "POST",
      path: "/device/phone-number",
      body: { flow: options.flow ?? answers.phoneNumberFlow },
    });
    return { ...body, errMsg: "getPhoneNumber:ok" } as PhoneNumberDetail;
  } catch (error) {
    if (!(error instanceof TtFailure)) throw error;
    const detail: PhoneNumberDetail = { errMsg: `getPhoneNumber:fail ${error.message}` };
    if (error.errNo !== undefined) detail.errNo = error.errNo;
    return detail;
  }
}
