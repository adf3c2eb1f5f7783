import { PathEnvelopes } from "../envelopes.ts";
import { AppRegistry, DEFAULT_APPS, type EmulatorApp } from "./apps.ts";
import { EmulatorClock } from "./clock.ts";
import { CodeStore } from "./codes.ts";
import { FaultRegistry } from "./faults.ts";
import { IdFactory } from "./ids.ts";
import { SeededRandom } from "./random.ts";
import { SessionStore } from "./sessions.ts";
import { CallStats } from "./stats.ts";

export interface EmulatorStateOptions {
  readonly apps?: readonly EmulatorApp[];
  /** Same seed, same calls → same codes, keys and ids. Without one, a random seed. */
  readonly seed?: string;
}

export interface EmulatorState {
  readonly apps: AppRegistry;
  readonly clock: EmulatorClock;
  readonly ids: IdFactory;
  readonly sessions: SessionStore;
  readonly codes: CodeStore;
  readonly stats: CallStats;
  readonly faults: FaultRegistry;
  readonly envelopes: PathEnvelopes;
  newLogId(): string;
  /** Forgets codes, sessions, stats, faults and the clock offset; rewinds the generator. */
  reset(): void;
}

export function createEmulatorState(options: EmulatorStateOptions = {}): EmulatorState {
  const apps = new AppRegistry(options.apps ?? DEFAULT_APPS);
  const random =
    options.seed === undefined ? SeededRandom.withRandomSeed() : new SeededRandom(options.seed);
  const clock = new EmulatorClock();
  const ids = new IdFactory(random);
  const sessions = new SessionStore(ids);
  const codes = new CodeStore(ids, clock);
  const stats = new CallStats();
  const faults = new FaultRegistry(random);
  return {
    apps,
    clock,
    ids,
    sessions,
    codes,
    stats,
    faults,
    envelopes: new PathEnvelopes(),
    newLogId: () => ids.logId(clock.now()),
    reset() {
      codes.clear();
      sessions.clear();
      stats.clear();
      faults.clear();
      clock.reset();
      random.reset();
    },
  };
}
