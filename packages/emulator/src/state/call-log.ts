import type { EmulatorClock } from "./clock.ts";

/** One platform or device request as the emulator answered it. */
export interface LoggedCall {
  /** Increasing from 1 since the start (or the last reset). */
  readonly id: number;
  /** Emulator time (its clock, advanced or not) when the answer ended, ISO 8601. */
  readonly at: string;
  readonly method: string;
  /** Without the query string: it may carry secrets and tokens. */
  readonly path: string;
  /** 0 when the emulator dropped the connection without answering (a `drop` fault). */
  readonly status: number;
  /** The answer's platform error number (err_no, errcode, error_code…), when it carried one. */
  readonly errNo: number | undefined;
  readonly durationMs: number;
}

export type CallListener = (call: LoggedCall) => void;

/** The newest calls (a bounded ring), for the dashboard's call log, and listeners for its stream. */
export class CallLog {
  static readonly CAPACITY = 500;
  readonly #clock: EmulatorClock;
  readonly #calls: LoggedCall[] = [];
  readonly #listeners = new Set<CallListener>();
  #nextId = 1;

  constructor(clock: EmulatorClock) {
    this.#clock = clock;
  }

  record(call: Omit<LoggedCall, "id" | "at">): LoggedCall {
    const logged: LoggedCall = {
      id: this.#nextId,
      at: new Date(this.#clock.now()).toISOString(),
      ...call,
    };
    this.#nextId += 1;
    this.#calls.push(logged);
    if (this.#calls.length > CallLog.CAPACITY) this.#calls.shift();
    for (const listener of this.#listeners) listener(logged);
    return logged;
  }

  /** Newest first; `pathContains` keeps the calls whose path contains it. */
  list(pathContains = ""): LoggedCall[] {
    return this.#calls.filter((call) => call.path.includes(pathContains)).reverse();
  }

  /** Calls `listener` with every call recorded from now on; returns the unsubscribe. */
  subscribe(listener: CallListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets the calls (listeners stay subscribed). */
  clear(): void {
    this.#calls.length = 0;
    this.#nextId = 1;
  }
}

const ERROR_NUMBER_FIELDS = ["err_no", "errcode", "error_code", "err_code", "errNo"] as const;

/**
 * The platform error number of an answer: Douyin's APIs name it differently (err_no, errcode,
 * error_code, data.error_code; a phone's tt.* failure errNo); 0 for success where the answer
 * says so.
 */
export function errorNumberOf(body: unknown): number | undefined {
  for (const candidate of [body, (body as { data?: unknown } | null)?.data]) {
    if (candidate === null || typeof candidate !== "object") continue;
    for (const field of ERROR_NUMBER_FIELDS) {
      const value = (candidate as Record<string, unknown>)[field];
      if (typeof value === "number") return value;
    }
  }
  return undefined;
}
