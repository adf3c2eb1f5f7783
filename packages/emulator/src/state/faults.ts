import type { SeededRandom } from "./random.ts";

export interface FaultRule {
  readonly path: string;
  /** Answer this HTTP status instead of the real answer. */
  readonly status?: number;
  /** Answer this err_no in the path's own envelope (with `status`, or HTTP 200). */
  readonly errNo?: number;
  /** Wait this long (real time) before answering or dropping. */
  readonly delayMs?: number;
  /** Destroy the socket without answering. */
  readonly drop?: boolean;
  /** How many calls to fault: default 1, or unlimited when `ratio` is set. */
  readonly times?: number;
  /** Fault only this fraction of calls (0..1), drawn from the seeded generator. */
  readonly ratio?: number;
}

export interface ActiveFault extends FaultRule {
  readonly id: number;
  /** null: unlimited. */
  readonly remaining: number | null;
}

export type FaultAction = Pick<FaultRule, "status" | "errNo" | "delayMs" | "drop">;

interface MutableFault {
  readonly id: number;
  readonly rule: FaultRule;
  remaining: number;
}

export class FaultRegistry {
  readonly #random: SeededRandom;
  #faults: MutableFault[] = [];
  #nextId = 1;

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  add(rule: FaultRule): ActiveFault {
    const unlimited = rule.ratio !== undefined && rule.times === undefined;
    const fault: MutableFault = {
      id: this.#nextId++,
      rule,
      remaining: unlimited ? Number.POSITIVE_INFINITY : (rule.times ?? 1),
    };
    this.#faults.push(fault);
    return view(fault);
  }

  /** The fault to apply to this call of `path`, if any; counts it against the rule's budget. */
  take(path: string): FaultAction | undefined {
    for (const fault of this.#faults) {
      if (fault.rule.path !== path) continue;
      const { ratio } = fault.rule;
      if (ratio !== undefined && this.#random.fraction(`fault\u0000${fault.id}`) >= ratio) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault);
      const { status, errNo, delayMs, drop } = fault.rule;
      return { status, errNo, delayMs, drop };
    }
    return undefined;
  }

  list(): ActiveFault[] {
    return this.#faults.map(view);
  }

  removePath(path: string): void {
    this.#faults = this.#faults.filter((fault) => fault.rule.path !== path);
  }

  clear(): void {
    this.#faults = [];
    this.#nextId = 1;
  }
}

function view(fault: MutableFault): ActiveFault {
  return {
    ...fault.rule,
    id: fault.id,
    remaining: Number.isFinite(fault.remaining) ? fault.remaining : null,
  };
}
