// What the outbox does after a send failed: decided from the SDK's reading of the failure alone
// (no storage, no clock but the jitter), so every rule is testable by itself.
import { randomInt } from "node:crypto";
import { type DouyinErrorReason, isDouyinError, isDouyinInputError } from "@tt/douyin";

const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Platform answers that no retry can change, by the SDK's reason: the message is rejected at once
 * with this rejectReason. Every other failure is retried (busy, timeouts, refused tokens after
 * the SDK's own renewal, unknown codes).
 */
const TERMINAL_REASONS: Partial<Record<DouyinErrorReason, string>> = {
  "not-subscribed": "not subscribed",
  "quota-exceeded": "quota exhausted",
  "user-refused": "user refused",
  // data keys are not the template's keywords, an unknown template, other bad parameters
  "invalid-request": "format",
  "content-violation": "content violation",
  // sending banned, the app or the capability banned, offline or not granted
  "not-permitted": "banned",
};

export type Outcome =
  | { kind: "rejected"; reason: string; error: string; revokeGrant: boolean }
  | { kind: "retry"; error: string; delayMs: number | undefined };

/** OUTBOX_BACKOFF_BASE_MS and OUTBOX_USER_INTERVAL_MS (Douyin: one message per second per user). */
export interface OutboxTiming {
  backoffBaseMs: number;
  userIntervalMs: number;
}

/** Equal jitter: half the exponential delay, plus a random part of the other half. */
export function backoffMs(attempts: number, baseMs: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  const half = Math.floor(exponential / 2);
  return half + randomInt(half + 1);
}

/** Too frequent (1 msg/s/user, or the platform's rate limits): the interval or so, then backing off. */
function tooFrequentDelayMs(attempts: number, timing: OutboxTiming): number {
  const interval = timing.userIntervalMs + randomInt(Math.floor(timing.userIntervalMs / 2) + 1);
  return Math.max(interval, backoffMs(attempts, timing.backoffBaseMs));
}

/** `attempts`: the failed calls to Douyin so far, this one included. */
export function describeFailure(error: unknown, attempts: number, timing: OutboxTiming): Outcome {
  if (isDouyinError(error)) {
    const logId = error.logId ? ` (log id ${error.logId})` : "";
    // The SDK's messages never quote tokens or secrets; capped all the same.
    const text = `Douyin ${error.platformCode}: ${error.message}${logId}`.slice(0, 500);
    // Only an answer in the platform's envelope is terminal; an HTTP failure is retried.
    const terminal = error.kind === "platform" ? TERMINAL_REASONS[error.reason] : undefined;
    if (terminal !== undefined) {
      return {
        kind: "rejected",
        reason: terminal,
        error: text,
        revokeGrant: error.reason === "not-subscribed",
      };
    }
    if (error.reason === "too-frequent") {
      return { kind: "retry", error: text, delayMs: tooFrequentDelayMs(attempts, timing) };
    }
    // retryable, token-invalid (after the SDK's own renewal), configuration, unknown codes.
    return { kind: "retry", error: text, delayMs: undefined };
  }
  if (isDouyinInputError(error)) {
    return {
      kind: "rejected",
      reason: "invalid message",
      error: `invalid ${error.field}`,
      revokeGrant: false,
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: "retry", error: `internal error (${name})`, delayMs: undefined };
}
