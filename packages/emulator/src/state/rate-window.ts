import type { EmulatorClock } from "./clock.ts";

/** Counts calls per key over a sliding window of emulator time. */
export class RateWindow {
  readonly #clock: EmulatorClock;
  readonly #windowMs: number;
  readonly #calls = new Map<string, number[]>();

  constructor(clock: EmulatorClock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Records one call and answers how many calls the window now holds, this one included. */
  hit(key: string): number {
    const now = this.#clock.now();
    const recent = (this.#calls.get(key) ?? []).filter((at) => now - at < this.#windowMs);
    recent.push(now);
    this.#calls.set(key, recent);
    return recent.length;
  }

  clear(): void {
    this.#calls.clear();
  }
}
