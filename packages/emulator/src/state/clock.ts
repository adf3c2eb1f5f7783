/** Emulator time: real time plus an offset that tests move forward to expire codes and tokens. */
export class EmulatorClock {
  #offsetMs = 0;
  readonly #realNow: () => number;

  constructor(realNow: () => number = Date.now) {
    this.#realNow = realNow;
  }

  now(): number {
    return this.#realNow() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): number {
    this.#offsetMs += ms;
    return this.now();
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
