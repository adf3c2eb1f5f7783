import { TtFailure } from "./errors.ts";

/** What `fail` (and `complete` after a failure) receives. */
export interface FailResult {
  errMsg: string;
  errNo?: number;
  /** Douyin's newer fields, where its docs give them (e.g. login's 113001 "host login fail"). */
  errorCode?: number;
  errorType?: string;
}

export type SuccessResult<R> = R & { errMsg: string };

/** The callback options every asynchronous `tt` API accepts. */
export interface CallbackOptions<R> {
  success?: (result: SuccessResult<R>) => void;
  fail?: (result: FailResult) => void;
  complete?: (result: SuccessResult<R> | FailResult) => void;
}

/** Where exceptions thrown by a page's callbacks go (the real runtime reports them to App.onError). */
export type ErrorReporter = (error: unknown) => void;

/**
 * Runs `work`, then calls `success` (errMsg "<api>:ok") or `fail` (errMsg "<api>:fail <reason>"),
 * then `complete`, always asynchronously, as the real runtime does.
 */
export function settleAsync<R extends object>(
  api: string,
  options: CallbackOptions<R> | undefined,
  work: () => R | Promise<R>,
  report: ErrorReporter,
): void {
  Promise.resolve()
    .then(work)
    .then(
      (result) => notify(options, "success", { ...result, errMsg: `${api}:ok` }, report),
      (error: unknown) => notify(options, "fail", failResult(api, error), report),
    );
}

function failResult(api: string, error: unknown): FailResult {
  const reason = error instanceof Error ? error.message : String(error);
  const result: FailResult = { errMsg: `${api}:fail ${reason}` };
  if (error instanceof TtFailure) {
    if (error.errNo !== undefined) result.errNo = error.errNo;
    if (error.errorCode) Object.assign(result, error.errorCode);
  }
  return result;
}

function notify<R>(
  options: CallbackOptions<R> | undefined,
  kind: "success" | "fail",
  result: SuccessResult<R> | FailResult,
  report: ErrorReporter,
) {
  const callbacks = [options?.[kind], options?.complete] as Array<
    ((result: unknown) => void) | undefined
  >;
  for (const callback of callbacks) {
    if (typeof callback !== "function") continue;
    try {
      callback(result);
    } catch (error) {
      report(error);
    }
  }
}
