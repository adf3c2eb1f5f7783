/**
 * Promise wrappers over the callback-style `tt` APIs. `fail` becomes a rejected TtApiError.
 * The `tt` function is looked up at call time, so a test runtime can provide it late.
 *
 * Not wrapped yet: requestSubscribeMessage, whose typings declare `tmplIds` as `[]` (it is a list of
 * up to 3 template id strings); give it a corrected options type when a page needs it.
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
  | "getSystemInfo";

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
export const request = (options: TtOptions<Tt["request"]>) => call("request", options);
export const getStorage = (options: TtOptions<Tt["getStorage"]>) => call("getStorage", options);
export const setStorage = (options: TtOptions<Tt["setStorage"]>) => call("setStorage", options);
export const removeStorage = (options: TtOptions<Tt["removeStorage"]>) =>
  call("removeStorage", options);
export const showToast = (options: TtOptions<Tt["showToast"]>) => call("showToast", options);
export const showLoading = (options: TtOptions<Tt["showLoading"]>) => call("showLoading", options);
export const hideLoading = () => call("hideLoading", {});
export const showModal = (options: TtOptions<Tt["showModal"]>) => call("showModal", options);
export const getSystemInfo = () => call("getSystemInfo", {});
