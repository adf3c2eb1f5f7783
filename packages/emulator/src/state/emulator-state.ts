import {
  type CloudEnvironment,
  CloudEnvironments,
  DEFAULT_CLOUD_ENVIRONMENT,
} from "../cloud/environments.ts";
import { PathEnvelopes } from "../envelopes.ts";
import { AppRegistry, DEFAULT_APPS, type EmulatorApp } from "./apps.ts";
import { CallLog } from "./call-log.ts";
import { EmulatorClock } from "./clock.ts";
import { LOGIN_CODE_TTL_MS, PHONE_CODE_TTL_MS, SingleUseCodeStore } from "./codes.ts";
import { FaultRegistry } from "./faults.ts";
import { GrantStore } from "./grants.ts";
import { IdFactory } from "./ids.ts";
import { InboxStore } from "./inbox.ts";
import { PersonaFacts } from "./personas.ts";
import { QrCodeLog } from "./qr-codes.ts";
import { SeededRandom } from "./random.ts";
import { RateWindow } from "./rate-window.ts";
import { SessionStore } from "./sessions.ts";
import { CallStats } from "./stats.ts";
import { TokenStore } from "./tokens.ts";
import { WebhookRegistry } from "./webhooks.ts";

/** Words that make a message or a censor call hit. */
export const DEFAULT_BANNED_WORDS: readonly string[] = Object.freeze(["违禁词", "banned-word"]);

/** Unsure (?): the client_token docs say more than 500 calls in 5 minutes answer 10020. */
export const CLIENT_TOKEN_RATE_LIMIT = Object.freeze({ calls: 500, windowMs: 5 * 60 * 1000 });

export interface EmulatorStateOptions {
  readonly apps?: readonly EmulatorApp[];
  /** Same seed, same calls → same codes, keys and ids. Without one, a random seed. */
  readonly seed?: string;
  /** Default DEFAULT_BANNED_WORDS. */
  readonly bannedWords?: readonly string[];
  /** Douyin Cloud environments of the callContainer gateway. Default [DEFAULT_CLOUD_ENVIRONMENT]. */
  readonly cloudEnvironments?: readonly CloudEnvironment[];
}

export interface EmulatorState {
  readonly apps: AppRegistry;
  readonly clock: EmulatorClock;
  readonly ids: IdFactory;
  readonly sessions: SessionStore;
  /** tt.login's `code` (only when logged into the host app). */
  readonly loginCodes: SingleUseCodeStore;
  /** tt.login's `anonymousCode`. */
  readonly anonymousCodes: SingleUseCodeStore;
  /** The getPhoneNumber button's code, for get_phonenumber_info. */
  readonly phoneCodes: SingleUseCodeStore;
  readonly tokens: TokenStore;
  readonly clientTokenCalls: RateWindow;
  readonly grants: GrantStore;
  readonly inbox: InboxStore;
  /** Where each QR code issued since the last reset opens. */
  readonly qrCodes: QrCodeLog;
  readonly personas: PersonaFacts;
  readonly webhooks: WebhookRegistry;
  readonly bannedWords: readonly string[];
  readonly stats: CallStats;
  /** The newest platform and device calls, for the dashboard. */
  readonly calls: CallLog;
  readonly faults: FaultRegistry;
  readonly envelopes: PathEnvelopes;
  readonly cloudEnvironments: CloudEnvironments;
  newLogId(): string;
  /**
   * Forgets codes, sessions, tokens, grants, inboxes, QR codes, webhooks, stats, the call log, faults, cloud
   * environments added since the start and the clock offset; rewinds the generator.
   */
  reset(): void;
}

export function createEmulatorState(options: EmulatorStateOptions = {}): EmulatorState {
  const apps = new AppRegistry(options.apps ?? DEFAULT_APPS);
  const random =
    options.seed === undefined ? SeededRandom.withRandomSeed() : new SeededRandom(options.seed);
  const clock = new EmulatorClock();
  const ids = new IdFactory(random);
  const stores = {
    sessions: new SessionStore(ids),
    loginCodes: new SingleUseCodeStore(clock, LOGIN_CODE_TTL_MS, () => ids.loginCode()),
    anonymousCodes: new SingleUseCodeStore(clock, LOGIN_CODE_TTL_MS, () => ids.anonymousCode()),
    phoneCodes: new SingleUseCodeStore(clock, PHONE_CODE_TTL_MS, () => ids.phoneCode()),
    tokens: new TokenStore(ids, clock),
    clientTokenCalls: new RateWindow(clock, CLIENT_TOKEN_RATE_LIMIT.windowMs),
    grants: new GrantStore(),
    inbox: new InboxStore(),
    qrCodes: new QrCodeLog(),
    webhooks: new WebhookRegistry(),
    stats: new CallStats(),
    calls: new CallLog(clock),
    faults: new FaultRegistry(random),
    cloudEnvironments: new CloudEnvironments(
      options.cloudEnvironments ?? [DEFAULT_CLOUD_ENVIRONMENT],
    ),
  };
  return {
    apps,
    clock,
    ids,
    ...stores,
    personas: new PersonaFacts(random),
    bannedWords: Object.freeze([...(options.bannedWords ?? DEFAULT_BANNED_WORDS)]),
    envelopes: new PathEnvelopes(),
    newLogId: () => ids.logId(clock.now()),
    reset() {
      for (const store of Object.values(stores)) store.clear();
      clock.reset();
      random.reset();
    },
  };
}
