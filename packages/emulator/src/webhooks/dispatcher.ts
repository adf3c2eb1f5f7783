import { setTimeout as sleep } from "node:timers/promises";
import { sha1Hex } from "../crypto/sensitive-data.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import type { WebhookConfig } from "../state/webhooks.ts";
import { verifyWebhookEvent } from "./events.ts";

/** The platform retries a failed push 3 times. */
export const WEBHOOK_RETRIES = 3;

export interface VerifyOutcome {
  readonly verified: boolean;
  readonly challenge: number;
  readonly httpStatus?: number;
  /** The receiver's answer when it was JSON. */
  readonly answer?: unknown;
  readonly error?: string;
}

interface PostOutcome {
  readonly httpStatus?: number;
  readonly text?: string;
  readonly error?: string;
}

/**
 * Pushes events to the app's configured URL, signed `X-Douyin-Signature: sha1_hex(secret +
 * rawBody)` with a `Msg-Id` (the same on every retry, so receivers can de-duplicate).
 */
export class WebhookDispatcher {
  readonly #state: EmulatorState;
  readonly #shutdown: AbortSignal;
  #pending = 0;

  constructor(state: EmulatorState, shutdown: AbortSignal) {
    this.#state = state;
    this.#shutdown = shutdown;
  }

  /** Fire and forget: the first try and up to 3 retries run in the background. */
  emit(appid: string, body: { readonly event: string }): void {
    const config = this.#state.webhooks.find(appid);
    if (config === undefined) return;
    const signal = AbortSignal.any([this.#state.webhooks.lifetime, this.#shutdown]);
    const msgId = this.#state.ids.webhookMsgId();
    this.#pending += 1;
    void this.#deliver(config, body.event, msgId, JSON.stringify(body), signal).finally(() => {
      this.#pending -= 1;
    });
  }

  /** Events still being delivered (a try or a retry to come). */
  get pending(): number {
    return this.#pending;
  }

  /** Sends verify_webhook once and reports whether the answer echoed the challenge. */
  async verify(config: WebhookConfig): Promise<VerifyOutcome> {
    const signal = AbortSignal.any([this.#state.webhooks.lifetime, this.#shutdown]);
    const challenge = this.#state.ids.challenge();
    const body = verifyWebhookEvent(config.appid, challenge, this.#state.newLogId());
    const msgId = this.#state.ids.webhookMsgId();
    const outcome = await this.#post(config, msgId, JSON.stringify(body), signal);
    const answer = parseJson(outcome.text);
    const verified =
      outcome.httpStatus === 200 &&
      typeof answer === "object" &&
      answer !== null &&
      String((answer as { challenge?: unknown }).challenge) === String(challenge);
    this.#record(config, body.event, msgId, 1, verified, outcome, signal);
    return {
      verified,
      challenge,
      ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
      ...(answer === undefined ? {} : { answer }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
  }

  async #deliver(
    config: WebhookConfig,
    event: string,
    msgId: string,
    rawBody: string,
    signal: AbortSignal,
  ): Promise<void> {
    for (let attempt = 1; attempt <= 1 + WEBHOOK_RETRIES; attempt++) {
      const outcome = await this.#post(config, msgId, rawBody, signal);
      if (signal.aborted) return;
      const delivered =
        outcome.httpStatus !== undefined && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
      this.#record(config, event, msgId, attempt, delivered, outcome, signal);
      if (delivered || attempt > WEBHOOK_RETRIES) return;
      const waited = await sleep(config.retryDelayMs * attempt, true, { signal }).catch(
        () => false,
      );
      if (!waited) return;
    }
  }

  async #post(
    config: WebhookConfig,
    msgId: string,
    rawBody: string,
    signal: AbortSignal,
  ): Promise<PostOutcome> {
    const secret = config.secret ?? this.#state.apps.find(config.appid)?.secret ?? "";
    const timeout = AbortSignal.timeout(config.timeoutMs);
    try {
      const response = await fetch(config.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Douyin-Signature": sha1Hex(secret + rawBody),
          "Msg-Id": msgId,
        },
        body: rawBody,
        // Never follow a redirect off this machine.
        redirect: "manual",
        signal: AbortSignal.any([signal, timeout]),
      });
      return { httpStatus: response.status, text: await response.text() };
    } catch (error) {
      return { error: timeout.aborted ? "timeout" : describe(error) };
    }
  }

  #record(
    config: WebhookConfig,
    event: string,
    msgId: string,
    attempt: number,
    delivered: boolean,
    outcome: PostOutcome,
    signal: AbortSignal,
  ): void {
    // After a reset or close, late answers belong to nobody.
    if (signal.aborted) return;
    this.#state.webhooks.record({
      appid: config.appid,
      event,
      msgId,
      url: config.url,
      attempt,
      status: delivered ? "delivered" : "failed",
      ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      at: this.#state.clock.now(),
    });
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short reason without the URL or any body. */
function describe(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (typeof code === "string") return `network error (${code})`;
  return "network error";
}
