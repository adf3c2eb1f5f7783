/** Counts requests per path (without the query string). */
export class CallStats {
  readonly #calls = new Map<string, number>();

  record(path: string): void {
    this.#calls.set(path, (this.#calls.get(path) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#calls);
  }

  clear(): void {
    this.#calls.clear();
  }
}
