/** Where an app's events go. */
export interface WebhookConfig {
  readonly appid: string;
  readonly url: string;
  /** undefined: sign with the app secret (unsure whether Douyin uses it or a separate secret). */
  readonly secret?: string;
  /** Per attempt; the platform waits 5 s. */
  readonly timeoutMs: number;
  /** Real time before retry n is n × this. */
  readonly retryDelayMs: number;
}

export interface DeliveryAttempt {
  readonly id: number;
  readonly appid: string;
  readonly event: string;
  readonly msgId: string;
  readonly url: string;
  /** 1 for the first try, up to 4 (3 retries). */
  readonly attempt: number;
  readonly status: "delivered" | "failed";
  readonly httpStatus?: number;
  /** Why a try failed without an HTTP answer ("timeout", "connection refused"…). */
  readonly error?: string;
  /** Emulator time (ms) the attempt ended. */
  readonly at: number;
}

const MAX_ATTEMPTS_KEPT = 1000;

/** Webhook configuration and the log of delivery attempts. */
export class WebhookRegistry {
  readonly #configs = new Map<string, WebhookConfig>();
  #attempts: DeliveryAttempt[] = [];
  #nextId = 1;
  #lifetime = new AbortController();

  configure(config: WebhookConfig): void {
    this.#configs.set(config.appid, config);
  }

  find(appid: string): WebhookConfig | undefined {
    return this.#configs.get(appid);
  }

  list(): WebhookConfig[] {
    return [...this.#configs.values()];
  }

  record(attempt: Omit<DeliveryAttempt, "id">): void {
    this.#attempts.push({ id: this.#nextId++, ...attempt });
    if (this.#attempts.length > MAX_ATTEMPTS_KEPT) this.#attempts.shift();
  }

  attempts(appid?: string): DeliveryAttempt[] {
    return this.#attempts.filter((attempt) => appid === undefined || attempt.appid === appid);
  }

  /** Aborted by clear(): deliveries in flight stop and record nothing more. */
  get lifetime(): AbortSignal {
    return this.#lifetime.signal;
  }

  clear(): void {
    this.#lifetime.abort();
    this.#lifetime = new AbortController();
    this.#configs.clear();
    this.#attempts = [];
    this.#nextId = 1;
  }
}
