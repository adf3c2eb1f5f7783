import { classify } from "./error-category.ts";
import { DouyinError } from "./errors.ts";
import type { PlatformAnswer } from "./http.ts";

type AnswerMeta = Pick<PlatformAnswer, "httpStatus" | "logId">;

/** A success envelope whose data lacks what the call needs (never quotes the data). */
export function badResponse(path: string, answer: AnswerMeta, what: string): DouyinError {
  return badResponseError(path, answer, `the platform answered success without ${what}`);
}

/** The one builder of "bad-response" errors: a 2xx answer the SDK cannot use. */
export function badResponseError(path: string, answer: AnswerMeta, message: string): DouyinError {
  return new DouyinError({
    platformCode: "bad_response",
    message,
    path,
    kind: "bad-response",
    ...classify({ kind: "bad-response", httpStatus: answer.httpStatus }),
    httpStatus: answer.httpStatus,
    ...(answer.logId === undefined ? {} : { logId: answer.logId }),
  });
}

export function fieldsOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
