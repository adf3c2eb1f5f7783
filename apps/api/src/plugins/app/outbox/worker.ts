// The outbox's worker: takes due messages one step at a time through the store's transitions,
// calls Douyin, and sleeps until the next message falls due (or an enqueue wakes it).
//
// DELIVERY IS AT-LEAST-ONCE. Douyin's notify_user has no idempotency key: if the process dies
// after Douyin accepted a message but before the "sent" transaction commits (or a send times out
// although Douyin delivered it), the message is sent again when its lease runs out. For a one-time
// template the platform then usually answers 28014043 (the grant was spent by the first send) and
// the message ends `rejected`, with a lastError that says an earlier attempt may have delivered it;
// for a long-term template the user gets it twice. Keep OUTBOX_LEASE_MS well above the time one
// send can take (token fetch with retries + DOUYIN_TIMEOUT_MS), or a slow send is taken over.
import type { DouyinClient } from "@tt/douyin";
import type { FastifyBaseLogger } from "fastify";
import type { AppConfig, SubscriptionTemplate } from "../../../config.ts";
import type { OutboxMessage } from "../../../domain/models.ts";
import type { UnitOfWork } from "../../../lib/unit-of-work.ts";
import type { Grants } from "../grants.ts";
import { backoffMs, describeFailure, type Outcome } from "./failure-policy.ts";
import { INTERRUPTED, type MessageStore } from "./message-store.ts";

const TEMPLATE_GONE: Outcome = {
  kind: "rejected",
  reason: "template not configured",
  error: "the template is no longer in SUBSCRIPTION_TEMPLATES (Douyin not called)",
  revokeGrant: false,
};

export interface WorkerDeps {
  unit: UnitOfWork;
  store: MessageStore;
  douyin: Pick<DouyinClient, "notifyUser">;
  grants: Grants;
  config: AppConfig["outbox"];
  log: FastifyBaseLogger;
}

export function createOutboxWorker({ unit, store, douyin, grants, config, log }: WorkerDeps) {
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  /** Records an outcome; `attempts`: the calls to Douyin that did not succeed, this one included. */
  async function finish(
    seen: OutboxMessage,
    seenAt: Date,
    outcome: Outcome,
    template: SubscriptionTemplate | undefined,
    attempts: number,
  ): Promise<void> {
    if (outcome.kind === "rejected") {
      // The rejection and the grant it corrects commit together.
      await unit.run(async () => {
        const moved = await store.reject(seen, seenAt, {
          reason: outcome.reason,
          error: outcome.error,
          attempts,
        });
        if (moved && outcome.revokeGrant && template) await grants.revoke(seen.userId, template);
      });
      log.info({ messageId: seen.id, reason: outcome.reason }, "message rejected");
      return;
    }
    const failed = attempts >= config.maxAttempts;
    const nextAttemptAt = failed
      ? undefined
      : new Date(Date.now() + (outcome.delayMs ?? backoffMs(attempts, config.backoffBaseMs)));
    await store.retryOrFail(seen, seenAt, { error: outcome.error, attempts, nextAttemptAt });
    log.warn(
      { messageId: seen.id, attempts, ...(nextAttemptAt ? { nextAttemptAt } : {}) },
      failed ? "message failed: no attempts left" : "message send failed: will retry",
    );
  }

  /** Why a message is not sent at all, decided without calling Douyin. */
  async function refuse(
    message: OutboxMessage,
    template: SubscriptionTemplate | undefined,
    takeover: boolean,
  ): Promise<Outcome | undefined> {
    if (template === undefined) return TEMPLATE_GONE;
    if (!(await grants.allows(message.userId, template))) {
      return {
        kind: "rejected",
        reason: "not subscribed",
        error: "no grant recorded for this user and template (Douyin not called)",
        revokeGrant: false,
      };
    }
    // Interrupted as many times as it may be tried: given up (attempts ≥ max: failed).
    if (takeover && message.attempts >= config.maxAttempts) {
      return { kind: "retry", error: INTERRUPTED, delayMs: 0 };
    }
    return undefined;
  }

  /** Takes the next due message through one step. false: nothing is due. */
  async function processNext(): Promise<boolean> {
    const now = new Date();
    const seen = await store.nextDue(now);
    if (seen === null) return false;
    // A lease that ran out: its sender died somewhere between claiming and recording.
    const takeover = seen.status === "sending";
    const message = takeover
      ? { ...seen, attempts: seen.attempts + 1, lastError: INTERRUPTED }
      : seen;
    if (takeover) log.warn({ messageId: message.id }, "taking over a message whose sender stopped");

    const template = grants.template(message.templateId);
    const refusal = await refuse(message, template, takeover);
    if (refusal !== undefined || template === undefined) {
      // Decided before calling Douyin: no call, so no attempt counted.
      await finish(seen, now, refusal ?? TEMPLATE_GONE, template, message.attempts);
      return true;
    }

    // At most one message per second per user: wait for the slot instead of a 1010 answer.
    const lastSent = await store.lastSentAt(message.userId);
    const free = lastSent ? lastSent.getTime() + config.userIntervalMs : 0;
    const interrupted = takeover ? message : undefined;
    if (free > now.getTime()) {
      await store.defer(seen, now, new Date(free), interrupted);
      return true;
    }

    const leaseUntil = new Date(now.getTime() + config.leaseMs);
    if (!(await store.claim(seen, now, leaseUntil, interrupted))) return true; // another worker won
    await send({ ...message, status: "sending", leaseUntil }, template);
    return true;
  }

  async function send(owned: OutboxMessage, template: SubscriptionTemplate): Promise<void> {
    let logId: string | undefined;
    try {
      const result = await douyin.notifyUser({
        openid: owned.openid,
        templateId: owned.templateId,
        data: owned.data,
        ...(owned.page === null ? {} : { page: owned.page }),
      });
      logId = result.logId;
    } catch (error) {
      const outcome = describeFailure(error, owned.attempts + 1, config);
      if (outcome.kind === "rejected" && owned.lastError === INTERRUPTED) {
        outcome.error = `${outcome.error}; ${INTERRUPTED}`;
      }
      await finish(owned, new Date(), outcome, template, owned.attempts + 1);
      return;
    }
    // ← A stop here is the at-least-once window (see the top of this file).
    const recorded = await unit.run(async () => {
      const sent = await store.markSent(owned, new Date(), logId);
      if (sent) await grants.consume(owned.userId, template);
      return sent;
    });
    if (recorded) log.info({ messageId: owned.id, platformLogId: logId }, "message sent");
    else log.warn({ messageId: owned.id }, "message sent after its lease was taken over");
  }

  /** When the next message falls due (or a lease runs out), capped by the poll interval. */
  async function nextDelay(): Promise<number> {
    const wake = await store.nextWakeAt();
    const due = wake?.getTime() ?? Number.POSITIVE_INFINITY;
    return Math.max(10, Math.min(config.pollIntervalMs, due - Date.now()));
  }

  async function drain(): Promise<number> {
    try {
      while (!stopped && (await processNext())) {}
      return await nextDelay();
    } catch (error) {
      if (!stopped) log.error({ err: error }, "outbox worker error");
      return config.pollIntervalMs;
    }
  }

  function run(): void {
    timer = undefined;
    running = drain().then((delay) => {
      running = undefined;
      if (stopped) return;
      const wait = again ? 0 : delay;
      again = false;
      timer = setTimeout(run, wait);
      timer.unref();
    });
  }

  return {
    /** Run now (after an enqueue), or again right after the current pass. */
    nudge(): void {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      clearTimeout(timer);
      run();
    },

    start(): void {
      if (!stopped) return;
      stopped = false;
      run();
    },

    /** Stops polling and waits for the message being sent, so its outcome is recorded. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
