/**
 * Promise wrappers over the callback-style `tt` APIs. `fail` becomes a rejected TtApiError.
 * The `tt` function is looked up at call time, so a test runtime can provide it late.
 *
 * Each wrapper calls `tt` synchronously (a Promise executor runs at once): a tap-only API such as
 * getUserProfile or requestSubscribeMessage works when its wrapper is called before the tap
 * handler's first `await`, and only then.
 */

type Tt = typeof tt;
type CallbackKey = "success" | "fail" | "complete";
type OptionsOf<F> = F extends (options: infer O) => unknown ? O : never;

/** The options of a `tt` API without its callbacks. */
export type TtOptions<F> = Omit<OptionsOf<F>, CallbackKey>;
/** What a `tt` API passes to `success`. */
export type TtResult<F> = OptionsOf<F> extends { success?: (result: infer R) => void } ? R : never;

interface TtFailure {
  errMsg: string;
  errNo?: number;
}

/** A `tt` API called its `fail` callback, e.g. errMsg "request:fail timeout". */
export class TtApiError extends Error {
  override readonly name = "TtApiError";
  readonly api: string;
  readonly errMsg: string;
  readonly errNo: number | undefined;

  constructor(api: string, failure: TtFailure) {
    super(failure.errMsg || `${api}:fail`);
    this.api = api;
    this.errMsg = failure.errMsg;
    this.errNo = failure.errNo;
  }
}

/** Works across bundles: every page bundle carries its own copy of this class. */
export function isTtApiError(error: unknown): error is TtApiError {
  return error instanceof Error && error.name === "TtApiError";
}

type AsyncApiName =
  | "login"
  | "request"
  | "getStorage"
  | "setStorage"
  | "removeStorage"
  | "showToast"
  | "showLoading"
  | "hideLoading"
  | "showModal"
  | "getSystemInfo"
  | "getUserProfile"
  | "getLocation"
  | "chooseAddress"
  | "authorize"
  | "openSetting";

function call<K extends AsyncApiName>(api: K, options: TtOptions<Tt[K]>): Promise<TtResult<Tt[K]>> {
  return new Promise((resolve, reject) => {
    const fn = tt[api] as unknown as (options: object) => unknown;
    fn.call(tt, {
      ...options,
      success: resolve,
      fail: (failure: TtFailure) => reject(new TtApiError(api, failure)),
    });
  });
}

export const login = (options: TtOptions<Tt["login"]> = {}) => call("login", options);
/**
 * How long a request may take, in milliseconds. tt.request takes `timeout` (the typings 1.3.1 do
 * not declare it); app.json's networkTimeout.request is the same limit for calls that omit it.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

export const request = (options: TtOptions<Tt["request"]> & { timeout?: number }) =>
  call("request", { timeout: REQUEST_TIMEOUT_MS, ...options } as TtOptions<Tt["request"]>);
export const getStorage = (options: TtOptions<Tt["getStorage"]>) => call("getStorage", options);
export const setStorage = (options: TtOptions<Tt["setStorage"]>) => call("setStorage", options);
export const removeStorage = (options: TtOptions<Tt["removeStorage"]>) =>
  call("removeStorage", options);
export const showToast = (options: TtOptions<Tt["showToast"]>) => call("showToast", options);
export const showLoading = (options: TtOptions<Tt["showLoading"]>) => call("showLoading", options);
export const hideLoading = () => call("hideLoading", {});
export const showModal = (options: TtOptions<Tt["showModal"]>) => call("showModal", options);
export const getSystemInfo = () => call("getSystemInfo", {});
export const getUserProfile = (options: TtOptions<Tt["getUserProfile"]> = {}) =>
  call("getUserProfile", options);
export const getLocation = (options: TtOptions<Tt["getLocation"]> = {}) =>
  call("getLocation", options);
export const chooseAddress = () => call("chooseAddress", {});
export const authorize = (options: TtOptions<Tt["authorize"]>) => call("authorize", options);
export const openSetting = (options: TtOptions<Tt["openSetting"]> = {}) =>
  call("openSetting", options);

/** requestSubscribeMessage's success object: v2 `templateSettings`, or legacy `{[id]: status}`. */
export type SubscribeMessageResult = { errMsg: string } & Record<string, unknown>;

/**
 * The typings (1.3.1) declare `tmplIds` as `[]`, an empty tuple, and the answer as one fixed
 * shape; this is the call as Douyin documents it: up to 3 template ids, either answer shape.
 */
type RequestSubscribeMessage = (options: {
  tmplIds: string[];
  success?: (result: SubscribeMessageResult) => void;
  fail?: (failure: TtFailure) => void;
}) => void;

export function requestSubscribeMessage(
  tmplIds: readonly string[],
): Promise<SubscribeMessageResult> {
  return new Promise((resolve, reject) => {
    const fn = tt.requestSubscribeMessage as unknown as RequestSubscribeMessage;
    fn.call(tt, {
      tmplIds: [...tmplIds],
      success: resolve,
      fail: (failure) => reject(new TtApiError("requestSubscribeMessage", failure)),
    });
  });
}

/** "getLocation:fail auth deny" and the like: the user refused (now or earlier) a scope. */
export function isAuthDenied(error: unknown): boolean {
  return (
    isTtApiError(error) && /\bauth den(y|ied)\b/.test(error.errMsg) && !isPrivacyRefusal(error)
  );
}

/**
 * "<api>:fail privacy permission is not authorized": the person has not agreed to the app's
 * privacy guidelines (Douyin's privacy authorization), so no covered API answers until they do.
 */
export function isPrivacyRefusal(error: unknown): boolean {
  return isTtApiError(error) && /\bprivacy permission is not authorized\b/.test(error.errMsg);
}

/** The person closed Douyin's panel (login, address picker, subscription dialog…). */
export function isCancelled(error: unknown): boolean {
  return isTtApiError(error) && /\bcancel/i.test(error.errMsg);
}
