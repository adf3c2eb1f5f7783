import type { ErrorReporter } from "./callbacks.ts";
import { NotSimulatedError } from "./errors.ts";
import { type LoginResult, loginApi, type Persona } from "./login.ts";
import { type RequestRecord, requestApi } from "./request.ts";
import { MemoryStorage, storageApis } from "./storage.ts";
import { type SystemInfo, systemInfoApis } from "./system-info.ts";
import {
  confirmEveryModal,
  type ModalResponder,
  type UiEvent,
  type UiState,
  uiApis,
} from "./ui.ts";

export interface CreateTtOptions {
  /** Base URL of a running emulator (startEmulator().url). */
  emulatorUrl: string;
  /** Default "tt_emulator_app", the emulator's default app. */
  appid?: string;
  /** Emulator persona; the emulator's default persona when omitted. */
  user?: string;
  /** Logged in to Douyin (tt.login gives a `code`)? Default true. */
  loggedIn?: boolean;
  /** Fields that replace the default getSystemInfo answer. */
  systemInfo?: Partial<SystemInfo>;
  /** Answers showModal; default: the user confirms. */
  answerModal?: ModalResponder;
  /** Reuse one storage across tt objects, e.g. to simulate relaunching the app. */
  storage?: MemoryStorage;
}

/** What the test reads and steers; the page sees it too as `tt.$sim`, but has no reason to. */
export interface SimulatorControl {
  /** Mutable: change the user or the login state between launches. */
  readonly persona: Persona;
  readonly storage: MemoryStorage;
  /** Every tt.login result, codes included. */
  readonly logins: LoginResult[];
  readonly requests: RequestRecord[];
  /** showToast/showLoading/showModal… in order. */
  readonly ui: UiEvent[];
  readonly screen: UiState;
  /** Exceptions thrown by the page's own success/fail/complete callbacks. */
  readonly errors: unknown[];
  /** Called for each such exception (the program loader forwards them to App.onError). */
  onError(listener: ErrorReporter): () => void;
}

export type SimulatedTt = ReturnType<typeof buildApis> & {
  readonly $sim: SimulatorControl;
  /** Any other tt API: throws NotSimulatedError when called. */
  readonly [api: string]: unknown;
};

export const defaultAppid = "tt_emulator_app";

export function createTt(options: CreateTtOptions): SimulatedTt {
  const listeners = new Set<ErrorReporter>();
  const control: SimulatorControl = {
    persona: {
      appid: options.appid ?? defaultAppid,
      ...(options.user === undefined ? {} : { user: options.user }),
      loggedIn: options.loggedIn ?? true,
    },
    storage: options.storage ?? new MemoryStorage(),
    logins: [],
    requests: [],
    ui: [],
    screen: { toast: null, loading: null },
    errors: [],
    onError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const report: ErrorReporter = (error) => {
    control.errors.push(error);
    for (const listener of listeners) listener(error);
  };
  const apis = { ...buildApis(options, control, report), $sim: control };
  return guardUnknownApis(apis) as SimulatedTt;
}

function buildApis(options: CreateTtOptions, control: SimulatorControl, report: ErrorReporter) {
  const apis = {
    ...loginApi(options.emulatorUrl, control.persona, control.logins, report),
    ...requestApi(control.requests, report),
    ...storageApis(control.storage, report),
    ...uiApis(control.ui, control.screen, options.answerModal ?? confirmEveryModal, report),
    ...systemInfoApis(options.systemInfo ?? {}, report),
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
