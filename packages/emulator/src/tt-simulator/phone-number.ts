import type { PhoneNumberFlow, UserAnswers } from "./answers.ts";
import { AUTH_DENY, AUTH_DENY_ERRNO } from "./authorization.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import { type DevicePlatform, foreignPhoneNumber } from "./foreign-platform.ts";
import type { Persona } from "./login.ts";
import type { PrivacyState } from "./privacy.ts";
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
 * What the platform lets this app do with the phone button: "granted", or a refusal Douyin
 * documents: "platform auth deny" (the open platform gives this app no phone permission: banned,
 * or not an enterprise app) or "no permission" (the capability was never applied for).
 */
export type PhoneNumberAccess = "granted" | "platform auth deny" | "no permission";

/** Douyin documents the "not login" detail; the errNo is the emulator's device pick (unsure). */
export const NOT_LOGIN = "not login";
export const NOT_LOGIN_ERRNO = 10_100;

export interface PhoneNumberContext {
  emulatorUrl: string;
  persona: Persona;
  answers: UserAnswers;
  ui: UiEvent[];
  privacy: PrivacyState;
  access(): PhoneNumberAccess;
  platform(): DevicePlatform;
}

/**
 * What `<button open-type="getPhoneNumber">` hands to its bindgetphonenumber handler, in the
 * order things happen on a phone: the privacy agreement (when the check is on), the platform's
 * permission for the app, the person being logged in to Douyin, the user's dialog, then
 * `{encryptedData, iv}` or `{code}` from the emulator (or, on the "douyin" platform, values the
 * emulator never issued). A failure is in errMsg: the event fires either way. Unsure: Douyin's
 * sample reads `detail.errno`; we give errNo like the other failures.
 */
export async function phoneNumberDetail(
  context: PhoneNumberContext,
  options: PhoneNumberOptions = {},
): Promise<PhoneNumberDetail> {
  const { emulatorUrl, persona, answers, ui } = context;
  const fail = (reason: string, errNo?: number): PhoneNumberDetail => ({
    errMsg: `getPhoneNumber:fail ${reason}`,
    ...(errNo === undefined ? {} : { errNo }),
  });
  try {
    await context.privacy.require("getPhoneNumber");
  } catch (error) {
    if (!(error instanceof TtFailure)) throw error;
    return fail(error.message, error.errNo);
  }
  const access = context.access();
  if (access !== "granted") return fail(access);
  if (persona.loggedIn === false) return fail(NOT_LOGIN, NOT_LOGIN_ERRNO);
  const allowed = options.allow ?? answers.phoneNumber;
  ui.push({ type: "consent", api: "getPhoneNumber", allowed });
  if (!allowed) return fail(AUTH_DENY, AUTH_DENY_ERRNO);
  const flow = options.flow ?? answers.phoneNumberFlow;
  if (context.platform() === "douyin") {
    return { ...foreignPhoneNumber(flow), errMsg: "getPhoneNumber:ok" } as PhoneNumberDetail;
  }
  try {
    const body = await callDevice(emulatorUrl, persona, {
      method: "POST",
      path: "/device/phone-number",
      body: { flow },
    });
    return { ...body, errMsg: "getPhoneNumber:ok" } as PhoneNumberDetail;
  } catch (error) {
    if (!(error instanceof TtFailure)) throw error;
    return fail(error.message, error.errNo);
  }
}
