import type { UserAnswers } from "./answers.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { TtFailure } from "./errors.ts";
import type { UserGesture } from "./gesture.ts";
import type { RuntimeSettings } from "./program-settings.ts";
import type { UiEvent } from "./ui.ts";

/** Douyin's documented errMsg detail when the user refused the privacy agreement. */
export const PRIVACY_NOT_AUTHORIZED = "privacy permission is not authorized";
/**
 * Documented on tt.getLocation (10201, since 3.19.0). Unsure: whether every covered API uses it;
 * the simulator gives it to all of them.
 */
export const PRIVACY_NOT_AUTHORIZED_ERRNO = 10_201;

/**
 * The APIs the simulator puts behind the privacy agreement: those it simulates that read what
 * Douyin's privacy guide lists (avatar and nickname, phone number, address, location). Unsure:
 * Douyin's exact list (its table's API names were not readable); clipboard, album, camera… are
 * not simulated at all.
 */
export const PRIVACY_COVERED_APIS: ReadonlySet<string> = new Set([
  "getUserProfile",
  "getUserInfo",
  "getLocation",
  "chooseAddress",
  "getPhoneNumber",
]);

/** What `resolve` of an onNeedPrivacyAuthorization listener takes. */
export interface PrivacyResolution {
  event: "agree" | "disagree";
  buttonId?: string;
}

export type PrivacyListener = (
  resolve: (resolution: PrivacyResolution) => void,
  eventInfo: { referrer: string },
) => void;

export interface PrivacyState {
  /** The user agreed (in an earlier launch, the popup, or with the page's agree button). */
  readonly agreed: boolean;
  /** Name shown by getPrivacySetting. */
  contractName: string;
  /** The user taps the page's `<button open-type="agreePrivacyAuthorization">`. */
  agree(): void;
  /** Forget the agreement ("清除数据" in devtools). */
  reset(): void;
  /** Calls held until the page's onNeedPrivacyAuthorization listener calls `resolve`. */
  readonly waiting: number;
  /** Called each time the page's listener is asked (its prompt is the user's turn). */
  onPrompt(listener: (api: string) => void): () => void;
  /**
   * Before a covered API: resolves at once if the check is off or the user agreed; otherwise asks
   * (the page's listener, else the official popup) and rejects with TtFailure
   * "privacy permission is not authorized" (errNo 10201) on a refusal.
   */
  require(api: string): Promise<void>;
}

export interface PrivacyOptions {
  settings: RuntimeSettings;
  answers: UserAnswers;
  ui: UiEvent[];
  agreed: boolean;
  contractName: string;
}

export function createPrivacy(options: PrivacyOptions): {
  state: PrivacyState;
  listeners: PrivacyListener[];
} {
  const { settings, answers, ui } = options;
  const listeners: PrivacyListener[] = [];
  const promptWatchers = new Set<(api: string) => void>();
  let agreed = options.agreed;
  let waiting = 0;
  const refusal = () => new TtFailure(PRIVACY_NOT_AUTHORIZED, PRIVACY_NOT_AUTHORIZED_ERRNO);

  const state: PrivacyState = {
    get agreed() {
      return agreed;
    },
    contractName: options.contractName,
    agree() {
      agreed = true;
      ui.push({ type: "privacy", via: "button", agreed: true });
    },
    reset() {
      agreed = false;
    },
    get waiting() {
      return waiting;
    },
    onPrompt(watcher) {
      promptWatchers.add(watcher);
      return () => promptWatchers.delete(watcher);
    },
    require(api) {
      if (!settings.privacyCheck || agreed) return Promise.resolve();
      const listener = listeners.at(-1);
      if (!listener) {
        const answer = answers.privacy;
        ui.push({ type: "privacy", via: "popup", api, agreed: answer === "agree" });
        if (answer !== "agree") return Promise.reject(refusal());
        agreed = true;
        return Promise.resolve();
      }
      // The page shows its own popup; the call stays pending until it calls resolve.
      return new Promise<void>((resolve, reject) => {
        let settled = false;
        const decide = (resolution: PrivacyResolution) => {
          if (settled) return;
          settled = true;
          waiting -= 1;
          // Douyin checks that the agree button was really tapped: tapButton on it sets `agreed`.
          const accepted = resolution?.event === "agree" && agreed;
          ui.push({ type: "privacy", via: "listener", api, agreed: accepted });
          if (accepted) resolve();
          else reject(refusal());
        };
        waiting += 1;
        listener(decide, { referrer: api });
        for (const watcher of promptWatchers) watcher(api);
      });
    },
  };
  return { state, listeners };
}

/**
 * Runs a covered API's call after the privacy agreement: at once when nothing needs asking (so
 * nothing changes for it), else once the user agreed (inside the tap it was called in, if it was
 * one), or fails it with `<api>:fail privacy permission is not authorized`.
 */
export function behindPrivacy<O>(
  api: string,
  call: (options: O) => void,
  privacy: PrivacyState,
  settings: RuntimeSettings,
  gesture: UserGesture,
  report: ErrorReporter,
): (options: O) => void {
  return (options) => {
    if (!settings.privacyCheck || privacy.agreed) {
      call(options);
      return;
    }
    const inTap = gesture.active;
    privacy.require(api).then(
      () => (inTap ? gesture.run(() => call(options)) : call(options)),
      (error: unknown) =>
        settleAsync(
          api,
          options as CallbackOptions<object> | undefined,
          () => Promise.reject(error),
          report,
        ),
    );
  };
}

/** tt.getPrivacySetting, tt.requirePrivacyAuthorize, tt.onNeedPrivacyAuthorization, tt.openPrivacyContract. */
export function privacyApis(
  privacy: PrivacyState,
  listeners: PrivacyListener[],
  settings: RuntimeSettings,
  ui: UiEvent[],
  report: ErrorReporter,
) {
  return {
    /**
     * needAuthorization: the check is on and the user has not agreed (Douyin also says true when
     * the app declared new kinds of data since: not simulated).
     */
    getPrivacySetting(
      options?: CallbackOptions<{ needAuthorization: boolean; privacyContractName: string }>,
    ) {
      settleAsync(
        "getPrivacySetting",
        options,
        () => ({
          needAuthorization: settings.privacyCheck && !privacy.agreed,
          privacyContractName: privacy.contractName,
        }),
        report,
      );
    },
    /** As if a covered API were called: success once agreed. Unsure: its fail errMsg's wording. */
    requirePrivacyAuthorize(options?: CallbackOptions<object>) {
      settleAsync(
        "requirePrivacyAuthorize",
        options,
        async () => {
          await privacy.require("requirePrivacyAuthorize");
          return {};
        },
        report,
      );
    },
    /**
     * Synchronous. Unsure: with several listeners Douyin's docs do not say which is called; here
     * the last one registered.
     */
    onNeedPrivacyAuthorization(listener: PrivacyListener) {
      if (typeof listener !== "function") {
        throw new TypeError("onNeedPrivacyAuthorization expects a function");
      }
      listeners.push(listener);
    },
    /** Opens the agreement page (logged in tt.$sim.ui). */
    openPrivacyContract(options?: CallbackOptions<object>) {
      settleAsync(
        "openPrivacyContract",
        options,
        () => {
          ui.push({ type: "openPrivacyContract" });
          return {};
        },
        report,
      );
    },
  };
}
