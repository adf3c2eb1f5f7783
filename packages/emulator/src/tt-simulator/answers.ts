/**
 * The user's choices in the subscription panel (see the emulator's POST /device/subscribe).
 * v2 statuses are accept|reject|fail|repeat|limit; "ban" is legacy-only (answered as "fail" in the
 * v2 shape, and repeat/limit as "fail" in the legacy shape).
 */
export type SubscribeDecision = "accept" | "reject" | "fail" | "repeat" | "limit" | "ban";

export interface SubscribeAnswer {
  /** Per template id; accept when absent. Ids not in the request are ignored. */
  decisions?: Record<string, SubscribeDecision>;
  /** "v2" (templateSettings, the default) or "legacy" ({[id]: status}). */
  shape?: "v2" | "legacy";
  /** The user ticked "always keep this choice". */
  alwaysSubscribe?: boolean;
}

export type PhoneNumberFlow = "encrypted" | "code";

/**
 * What the simulated user answers in the phone's own dialogs. Mutable through `tt.$sim.answers`
 * between taps; createTt({ answers }) sets the starting values.
 */
export interface UserAnswers {
  /** First use of a scope (tt.authorize, tt.getLocation, tt.chooseAddress…): allow? Default true. */
  authorize: Record<string, boolean>;
  /** The getUserProfile / getUserInfo consent dialog: allow? Default true. */
  userProfile: boolean;
  /** The getPhoneNumber button's dialog: allow? Default true. */
  phoneNumber: boolean;
  /**
   * What the button's detail carries: "encrypted" (encryptedData + iv, base library < 3.51.0) or
   * "code" (≥ 3.51.0). Default "encrypted", matching the simulated base library.
   */
  phoneNumberFlow: PhoneNumberFlow;
  /** The address picker: pick the persona's address, or cancel. Default "choose". */
  chooseAddress: "choose" | "cancel";
  subscribe: SubscribeAnswer;
  /** Switches the user flips on the settings page that tt.openSetting opens. Default none. */
  openSetting: Record<string, boolean>;
  /**
   * Douyin's login panel (tt.login with force, for a person not logged in to Douyin): "login" (the
   * persona becomes logged in) or "cancel" ("login:fail host login fail"). Default "login".
   */
  douyinLogin: "login" | "cancel";
  /**
   * The official privacy popup, shown before a privacy-covered API when the privacy check is on,
   * the user has not agreed yet, and the page registered no onNeedPrivacyAuthorization listener.
   * Default "agree".
   */
  privacy: "agree" | "disagree";
}

export function defaultAnswers(overrides: Partial<UserAnswers> = {}): UserAnswers {
  return {
    authorize: {},
    userProfile: true,
    phoneNumber: true,
    phoneNumberFlow: "encrypted",
    chooseAddress: "choose",
    subscribe: {},
    openSetting: {},
    douyinLogin: "login",
    privacy: "agree",
    ...overrides,
  };
}
