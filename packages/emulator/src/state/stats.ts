/**
 * Counts requests per path (without the query string), and the requests still being answered: a
 * test waits for `inFlight` to reach 0 to know the platform has finished a call its client gave
 * up on, instead of sleeping.
 */
export class CallStats {
  readonly #calls = new Map<string, number>();
  /** The part of #calls that came through the cloud-call face (Douyin Cloud, no token). */
  readonly #cloudCalls = new Map<string, number>();
  #inFlight = 0;

  /** A request arrived; answers the function to call once when it is answered or dropped. */
  begin(path: string, cloudCall = false): () => void {
    this.#calls.set(path, (this.#calls.get(path) ?? 0) + 1);
    if (cloudCall) this.#cloudCalls.set(path, (this.#cloudCalls.get(path) ?? 0) + 1);
    this.#inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight -= 1;
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#calls);
  }

  cloudCallSnapshot(): Record<string, number> {
    return Object.fromEntries(this.#cloudCalls);
  }

  clear(): void {
    this.#calls.clear();
    this.#cloudCalls.clear();
  }
}
