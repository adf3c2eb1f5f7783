import { createHmac, randomBytes } from "node:crypto";

/**
 * Deterministic byte source: HMAC-SHA256(seed, label + counter). Each label keeps its own counter,
 * so drawing fault ratios never shifts the codes or session keys a test expects.
 */
export class SeededRandom {
  readonly #key: Buffer;
  readonly #counters = new Map<string, number>();

  constructor(seed: string) {
    this.#key = Buffer.from(seed, "utf8");
  }

  static withRandomSeed(): SeededRandom {
    return new SeededRandom(randomBytes(32).toString("hex"));
  }

  /** Fresh bytes: every call advances the counter of `label`. */
  next(label: string, length: number): Buffer {
    const count = this.#counters.get(label) ?? 0;
    this.#counters.set(label, count + 1);
    return this.#expand(`next\u0000${label}\u0000${count}`, length);
  }

  /** The same bytes for the same label, for the generator's whole life (stable identifiers). */
  stable(label: string, length: number): Buffer {
    return this.#expand(`stable\u0000${label}`, length);
  }

  /** A number in [0, 1). */
  fraction(label: string): number {
    return this.next(label, 6).readUIntBE(0, 6) / 2 ** 48;
  }

  /** Rewinds every counter: the generator then repeats itself from the start. */
  reset(): void {
    this.#counters.clear();
  }

  #expand(label: string, length: number): Buffer {
    const blocks: Buffer[] = [];
    let produced = 0;
    for (let block = 0; produced < length; block++) {
      const digest = createHmac("sha256", this.#key).update(`${label}\u0000${block}`).digest();
      blocks.push(digest);
      produced += digest.length;
    }
    return Buffer.concat(blocks).subarray(0, length);
  }
}
