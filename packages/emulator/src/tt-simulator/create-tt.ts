import { defaultAnswers, type UserAnswers } from "./answers.ts";
import { type AuthSetting, authorizationApis, createAuthorization } from "./authorization.ts";
import type { ErrorReporter } from "./callbacks.ts";
import { type ContainerCallRecord, cloudApis } from "./cloud.ts";
import { NotSimulatedError } from "./errors.ts";
import type { DevicePlatform } from "./foreign-platform.ts";
import { UserGesture } from "./gesture.ts";
import { locationApis } from "./location.ts";
import { type LoginResult, loginApi, type Persona } from "./login.ts";
import {
  type PhoneNumberAccess,
  type PhoneNumberDetail,
  type PhoneNumberOptions,
  phoneNumberDetail,
} from "./phone-number.ts";
import { behindPrivacy, createPrivacy, type PrivacyState, privacyApis } from "./privacy.ts";
import {
  createSettings,
  type ProgramFiles,
  type RuntimeSettings,
  type SettingsOptions,
} from "./program-settings.ts";
import { type RequestRecord, requestApi } from "./request.ts";
import { MemoryStorage, storageApis } from "./storage.ts";
import { subscribeApis } from "./subscribe.ts";
import { type SystemInfo, systemInfoApis } from "./system-info.ts";
import {
  confirmEveryModal,
  type ModalResponder,
  type UiEvent,
  type UiState,
  uiApis,
} from "./ui.ts";
import { userInfoApis } from "./user-info.ts";

export interface CreateTtOptions extends SettingsOptions {
  /** Base URL of a running emulator (startEmulator().url). */
  emulatorUrl: string;
  /** Default "tt_emulator_app", the emulator's default app. */
  appid?: string;
  /** Emulator persona; the emulator's default persona when omitted. */
  user?: string;
  /** Logged in to Douyin (tt.login gives a `code`)? Default true. */
  loggedIn?: boolean;
  /** Fields that replace those of the getSystemInfo answer (the emulator's, or the defaults). */
  systemInfo?: Partial<SystemInfo>;
  /** The user's answers in the phone's dialogs (authorization, consent, pickers, subscribe). */
  answers?: Partial<UserAnswers>;
  /** Scopes decided before this launch, e.g. {"scope.userLocation": false} (refused earlier). */
  authSetting?: AuthSetting;
  /** Answers showModal; default: the user confirms. */
  answerModal?: ModalResponder;
  /** Reuse one storage across tt objects, e.g. to simulate relaunching the app. */
  storage?: MemoryStorage;
  /**
   * Who answers tt.login, the phone button and getUserProfile: "emulator" (default: codes the
   * emulator issued) or "douyin" (as real Douyin devtools or a phone would: codes the local
   * emulator never issued). The other device APIs answer from the emulator either way.
   */
  platform?: DevicePlatform;
  /** The user agreed to the privacy agreement before this launch. Default false. */
  privacyAgreed?: boolean;
  /** getPrivacySetting's privacyContractName. */
  privacyContractName?: string;
  /** What the platform lets the app do with the phone button. Default "granted". */
  phoneNumberAccess?: PhoneNumberAccess;
}

/** What the test reads and steers; the page sees it too as `tt.$sim`, but has no reason to. */
export interface SimulatorControl {
  /** Mutable: change the user or the login state between launches. */
  readonly persona: Persona;
  readonly storage: MemoryStorage;
  /** Every tt.login result, codes included. */
  readonly logins: LoginResult[];
  readonly requests: RequestRecord[];
  /** Every Cloud.callContainer (tt.createCloud), in order. */
  readonly containerCalls: ContainerCallRecord[];
  /** showToast/showLoading/showModal… in order. */
  readonly ui: UiEvent[];
  readonly screen: UiState;
  /** Exceptions thrown by the page's own success/fail/complete callbacks. */
  readonly errors: unknown[];
  readonly emulatorUrl: string;
  /** What the user answers in dialogs; change its fields between taps. */
  readonly answers: UserAnswers;
  /** The scopes as tt.getSetting reports them; change it to simulate the settings page. */
  readonly authSetting: AuthSetting;
  /** "Inside a tap": PageHandle.tap/trigger run handlers with it; run your own calls with it too. */
  readonly gesture: UserGesture;
  /** The detail a getPhoneNumber button hands to its handler (PageHandle.tapPhoneButton uses it). */
  phoneNumberDetail(options?: PhoneNumberOptions): Promise<PhoneNumberDetail>;
  /** Fetches the persona's system info, so that getSystemInfoSync answers it from now on. */
  loadSystemInfo(): Promise<SystemInfo>;
  /** Called for each such exception (the program loader forwards them to App.onError). */
  onError(listener: ErrorReporter): () => void;
  /** Mutable: "emulator" or "douyin" (see CreateTtOptions.platform). */
  platform: DevicePlatform;
  /** Mutable: urlCheck, requestDomains, requestTimeoutMs, privacyCheck (options, else the program's files). */
  readonly settings: RuntimeSettings;
  /** The privacy agreement: `agreed`, `agree()`, `reset()`. */
  readonly privacy: PrivacyState;
  /** Mutable: the platform's answer for the phone button (see CreateTtOptions.phoneNumberAccess). */
  phoneNumberAccess: PhoneNumberAccess;
  /** loadMiniProgram calls it with the program's project.config.json and app.json. */
  applyProgram(files: ProgramFiles): void;
}

export type SimulatedTt = ReturnType<typeof buildApis> & {
  readonly $sim: SimulatorControl;
  /** Any other tt API: throws NotSimulatedError when called. */
  readonly [api: string]: unknown;
};

export const defaultAppid = "tt_emulator_app";

export function createTt(options: CreateTtOptions): SimulatedTt {
  const listeners = new Set<ErrorReporter>();
  const { emulatorUrl } = options;
  const persona: Persona = {
    appid: options.appid ?? defaultAppid,
    ...(options.user === undefined ? {} : { user: options.user }),
    loggedIn: options.loggedIn ?? true,
  };
  const answers = defaultAnswers(options.answers);
  const ui: UiEvent[] = [];
  const errors: unknown[] = [];
  const report: ErrorReporter = (error) => {
    errors.push(error);
    for (const listener of listeners) listener(error);
  };
  const systemInfo = systemInfoApis(emulatorUrl, persona, options.systemInfo ?? {}, report);
  const { settings, applyProgram } = createSettings(options);
  const privacy = createPrivacy({
    settings,
    answers,
    ui,
    agreed: options.privacyAgreed ?? false,
    contractName: options.privacyContractName ?? "《用户隐私保护指引》",
  });
  const control: SimulatorControl = {
    persona,
    storage: options.storage ?? new MemoryStorage(),
    logins: [],
    requests: [],
    containerCalls: [],
    ui,
    screen: { toast: null, loading: null },
    errors,
    emulatorUrl,
    answers,
    authSetting: { ...options.authSetting },
    gesture: new UserGesture(),
    phoneNumberDetail: (detailOptions) =>
      phoneNumberDetail(
        {
          emulatorUrl,
          persona,
          answers,
          ui,
          privacy: privacy.state,
          access: () => control.phoneNumberAccess,
          platform: () => control.platform,
        },
        detailOptions,
      ),
    loadSystemInfo: systemInfo.load,
    onError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    platform: options.platform ?? "emulator",
    settings,
    privacy: privacy.state,
    phoneNumberAccess: options.phoneNumberAccess ?? "granted",
    applyProgram,
  };
  const apis = {
    ...buildApis(options, control, systemInfo.apis, privacy.listeners, report),
    $sim: control,
  };
  return guardUnknownApis(apis) as SimulatedTt;
}

function buildApis(
  options: CreateTtOptions,
  control: SimulatorControl,
  systemInfo: ReturnType<typeof systemInfoApis>["apis"],
  privacyListeners: Parameters<typeof privacyApis>[1],
  report: ErrorReporter,
) {
  const { emulatorUrl, persona, answers, ui, gesture, settings, privacy } = control;
  const platform = () => control.platform;
  const authorization = createAuthorization(control.authSetting, answers, ui);
  const userInfo = userInfoApis({
    emulatorUrl,
    persona,
    answers,
    authorization,
    gesture,
    ui,
    platform,
    report,
  });
  const location = locationApis(emulatorUrl, persona, answers, authorization, report);
  const covered = <O>(api: string, call: (options: O) => void) =>
    behindPrivacy(api, call, privacy, settings, gesture, report);
  const apis = {
    ...loginApi({ emulatorUrl, persona, answers, ui, logins: control.logins, platform, report }),
    ...requestApi(control.requests, settings, report),
    ...cloudApis(emulatorUrl, persona, control.containerCalls, report),
    ...storageApis(control.storage, report),
    ...uiApis(ui, control.screen, options.answerModal ?? confirmEveryModal, report),
    ...systemInfo,
    ...authorizationApis(authorization, answers, ui, report),
    getUserProfile: covered("getUserProfile", userInfo.getUserProfile),
    getUserInfo: covered("getUserInfo", userInfo.getUserInfo),
    getLocation: covered("getLocation", location.getLocation),
    chooseAddress: covered("chooseAddress", location.chooseAddress),
    ...subscribeApis(emulatorUrl, persona, answers, gesture, report),
    ...privacyApis(privacy, privacyListeners, settings, ui, report),
    /** True for the APIs simulated here ("request", "request.success.statusCode"…). */
    canIUse: (schema: string) => (schema.split(".")[0] ?? "") in apis,
  };
  return apis;
}

// Names that libraries probe on any object (promises, test matchers, inspectors): answering them
// with a throwing function would turn `tt` into a thenable or confuse a matcher.
const probedNames = new Set([
  "then",
  "catch",
  "toJSON",
  "constructor",
  "valueOf",
  "toString",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "inspect",
]);

/**
 * `tt.someApi(...)` for an API that is not simulated throws a NotSimulatedError naming it, instead
 * of failing as "undefined is not a function" or, worse, being skipped by an `if (tt.someApi)`.
 */
function guardUnknownApis<T extends object>(apis: T): T {
  return new Proxy(apis, {
    get(target, property, receiver) {
      if (typeof property === "symbol" || property in target || probedNames.has(property)) {
        return Reflect.get(target, property, receiver);
      }
      if (!/^[a-z][A-Za-z0-9]*$/.test(property)) return undefined;
      return () => {
        throw new NotSimulatedError(property);
      };
    },
  });
}
