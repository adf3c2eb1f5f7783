import { setTimeout as delay } from "node:timers/promises";
import { DouyinConfigError, isDouyinError } from "./errors.ts";

/** `retry` in the client configuration. */
export interface RetryConfig {
  /** Requests in all, the first included: 1 disables retries. Default 3, at most 10. */
  readonly attempts?: number;
  /** Upper bound of the first wait; doubles after each retry. Default 100. */
  readonly baseDelayMs?: number;
  /** Cap of any one wait. Default 2000. */
  readonly maxDelayMs?: number;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Tests replace the wait and the randomness. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
});

const MAX_ATTEMPTS = 10;

/** Validates `retry` of the client configuration (DouyinConfigError with field retry.*). */
export function resolveRetryPolicy(value: unknown): RetryPolicy {
  if (value === undefined) return DEFAULT_RETRY;
  if (typeof value !== "object" || value === null) {
    throw new DouyinConfigError("retry", "retry must be {attempts?, baseDelayMs?, maxDelayMs?}");
  }
  const config = value as RetryConfig;
  const attempts = config.attempts ?? DEFAULT_RETRY.attempts;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
    throw new DouyinConfigError(
      "retry.attempts",
      `retry.attempts must be an integer from 1 (no retry) to ${MAX_ATTEMPTS}`,
    );
  }
  const baseDelayMs = milliseconds(config.baseDelayMs, DEFAULT_RETRY.baseDelayMs, "baseDelayMs");
  const maxDelayMs = milliseconds(
    config.maxDelayMs,
    Math.max(DEFAULT_RETRY.maxDelayMs, baseDelayMs),
    "maxDelayMs",
  );
  if (maxDelayMs < baseDelayMs) {
    throw new DouyinConfigError("retry.maxDelayMs", "retry.maxDelayMs must be ≥ retry.baseDelayMs");
  }
  return Object.freeze({ attempts, baseDelayMs, maxDelayMs });
}

function milliseconds(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new DouyinConfigError(`retry.${field}`, `retry.${field} must be a number of ms ≥ 0`);
  }
  return value;
}

/**
 * Only failures of category "retryable": busy (-1, 2000), 28001005, HTTP 5xx/429, timeout,
 * network. Token errors are withToken's business; configuration and user-action errors would
 * fail the same way again.
 */
export function isRetryableFailure(error: unknown): boolean {
  return isDouyinError(error) && error.category === "retryable";
}

/** The longest wait before retry number `retry` (1 = the second attempt): doubling, capped. */
export function backoffCeiling(
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  retry: number,
): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/** The wait before retry number `retry`: full jitter below backoffCeiling. */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  return Math.floor(random() * backoffCeiling(policy, retry));
}

export interface RetryScope {
  /**
   * Retry only failures of this request path. A call made through withToken may fail in its
   * token fetch, which has retried already: repeating the call would multiply the requests.
   */
  readonly path?: string;
  /** A further condition a retryable failure must meet to be retried. */
  readonly retryIf?: (error: unknown) => boolean;
}

/**
 * Runs `call` up to policy.attempts times while it fails retryably, waiting a jittered,
 * exponentially growing delay in between. ONLY for calls that are safe to repeat (queries,
 * censor, QR codes, URL links, tokens): never for sends (notify would deliver twice) or
 * single-use codes (code2session, phone number by code).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  call: (attempt: number) => Promise<T>,
  scope: RetryScope = {},
): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => delay(ms));
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      const inScope =
        (scope.path === undefined || (isDouyinError(error) && error.path === scope.path)) &&
        (scope.retryIf?.(error) ?? true);
      if (attempt >= policy.attempts || !isRetryableFailure(error) || !inScope) throw error;
      await sleep(backoffDelay(policy, attempt, random));
    }
  }
}
