// The durable outbox of subscription messages and the worker that sends them.
//
// A message is a row first (status "queued"), then a send. Every step is one conditional write,
// so a process that stops between any two of them leaves a row another worker can finish:
//
//   queued ──claim (lease)──▶ sending ──Douyin accepted──▶ sent (sentAt, platformLogId, grant spent)
//     ▲  │                      │ ├──terminal answer─────▶ rejected (rejectReason)
//     │  │                      │ └──retryable failure──▶ queued at now + backoff, or failed
//     │  └──no grant───────────────────────────────────▶ rejected (Douyin not called)
//     └──── 1 msg/s/user: deferred (nextAttemptAt), not claimed
//   sending whose lease ran out (its sender died) ──takeover──▶ sending (attempts + 1)
//
// DELIVERY IS AT-LEAST-ONCE. Douyin's notify_user has no idempotency key: if the process dies
// after Douyin accepted a message but before the "sent" transaction commits (or a send times out
// although Douyin delivered it), the message is sent again when its lease runs out. For a one-time
// template the platform then usually answers 28014043 (the grant was spent by the first send) and
// the message ends `rejected`, with a lastError that says an earlier attempt may have delivered it;
// for a long-term template the user gets it twice. Keep OUTBOX_LEASE_MS well above the time one
// send can take (token fetch with retries + DOUYIN_TIMEOUT_MS), or a slow send is taken over.
import { randomInt } from "node:crypto";
import type { MessageData } from "@tt/contract";
import type { Message, PrismaClient } from "@tt/db";
import { isUniqueViolation, type Prisma } from "@tt/db";
import {
  type DouyinClient,
  type DouyinErrorReason,
  isDouyinError,
  isDouyinInputError,
} from "@tt/douyin";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { AppConfig, SubscriptionTemplate } from "../../config.ts";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { Grants } from "./grants.ts";

const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Platform answers that no retry can change, by the SDK's reason: the message is rejected at once
 * with this rejectReason. Every other failure is retried (busy, timeouts, refused tokens after
 * the SDK's own renewal, unknown codes).
 */
const TERMINAL_REASONS: Partial<Record<DouyinErrorReason, string>> = {
  "not-subscribed": "not subscribed",
  "quota-exceeded": "quota exhausted",
  "user-refused": "user refused",
  // data keys are not the template's keywords, an unknown template, other bad parameters
  "invalid-request": "format",
  "content-violation": "content violation",
  // sending banned, the app or the capability banned, offline or not granted
  "not-permitted": "banned",
};

const INTERRUPTED =
  "an earlier attempt was interrupted (the sender stopped): it may have been delivered";

const TEMPLATE_GONE: Outcome = {
  kind: "rejected",
  reason: "template not configured",
  error: "the template is no longer in SUBSCRIPTION_TEMPLATES (Douyin not called)",
  revokeGrant: false,
};

export interface EnqueueInput {
  userId: string;
  openid: string;
  templateId: string;
  data: MessageData;
  page?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface Enqueued {
  message: Message;
  /** false: an earlier message with the same idempotency key and content. */
  created: boolean;
}

type Outcome =
  | { kind: "rejected"; reason: string; error: string; revokeGrant: boolean }
  | { kind: "retry"; error: string; delayMs: number | undefined };

/** OUTBOX_BACKOFF_BASE_MS and OUTBOX_USER_INTERVAL_MS (Douyin: one message per second per user). */
export interface OutboxTiming {
  backoffBaseMs: number;
  userIntervalMs: number;
}

/** Equal jitter: half the exponential delay, plus a random part of the other half. */
export function backoffMs(attempts: number, baseMs: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  const half = Math.floor(exponential / 2);
  return half + randomInt(half + 1);
}

/** Too frequent (1 msg/s/user, or the platform's rate limits): the interval or so, then backing off. */
function tooFrequentDelayMs(attempts: number, timing: OutboxTiming): number {
  const interval = timing.userIntervalMs + randomInt(Math.floor(timing.userIntervalMs / 2) + 1);
  return Math.max(interval, backoffMs(attempts, timing.backoffBaseMs));
}

/** `attempts`: the failed calls to Douyin so far, this one included. */
function describeFailure(error: unknown, attempts: number, timing: OutboxTiming): Outcome {
  if (isDouyinError(error)) {
    const logId = error.logId ? ` (log id ${error.logId})` : "";
    // The SDK's messages never quote tokens or secrets; capped all the same.
    const text = `Douyin ${error.platformCode}: ${error.message}${logId}`.slice(0, 500);
    // Only an answer in the platform's envelope is terminal; an HTTP failure is retried.
    const terminal = error.kind === "platform" ? TERMINAL_REASONS[error.reason] : undefined;
    if (terminal !== undefined) {
      return {
        kind: "rejected",
        reason: terminal,
        error: text,
        revokeGrant: error.reason === "not-subscribed",
      };
    }
    if (error.reason === "too-frequent") {
      return { kind: "retry", error: text, delayMs: tooFrequentDelayMs(attempts, timing) };
    }
    // retryable, token-invalid (after the SDK's own renewal), configuration, unknown codes.
    return { kind: "retry", error: text, delayMs: undefined };
  }
  if (isDouyinInputError(error)) {
    return {
      kind: "rejected",
      reason: "invalid message",
      error: `invalid ${error.field}`,
      revokeGrant: false,
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: "retry", error: `internal error (${name})`, delayMs: undefined };
}

function sameContent(message: Message, input: EnqueueInput): boolean {
  const stored = JSON.parse(message.data) as MessageData;
  const keys = Object.keys(stored);
  return (
    message.userId === input.userId &&
    message.templateId === input.templateId &&
    (message.page ?? undefined) === (input.page ?? undefined) &&
    keys.length === Object.keys(input.data).length &&
    keys.every((key) => Object.hasOwn(input.data, key) && input.data[key] === stored[key])
  );
}

interface OutboxDeps {
  db: PrismaClient;
  douyin: DouyinClient;
  grants: Grants;
  config: AppConfig["outbox"];
  log: FastifyBaseLogger;
}

function createOutbox({ db, douyin, grants, config, log }: OutboxDeps) {
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  /** The row still is as we read it: of two workers, one wins each transition. */
  function guard(message: Message, now: Date): Prisma.MessageWhereInput {
    return message.status === "sending"
      ? { id: message.id, status: "sending", leaseUntil: message.leaseUntil }
      : { id: message.id, status: "queued", nextAttemptAt: { lte: now } };
  }

  /** Records an outcome; `attempts`: the calls to Douyin that did not succeed, this one included. */
  async function finish(
    message: Message,
    where: Prisma.MessageWhereInput,
    outcome: Outcome,
    template: SubscriptionTemplate | undefined,
    attempts: number,
  ): Promise<void> {
    const now = new Date();
    if (outcome.kind === "rejected") {
      await db.$transaction(async (tx) => {
        const { count } = await tx.message.updateMany({
          where,
          data: {
            status: "rejected",
            rejectReason: outcome.reason,
            lastError: outcome.error,
            attempts,
            leaseUntil: null,
          },
        });
        if (count === 1 && outcome.revokeGrant && template) {
          await grants.revoke(tx, message.userId, template);
        }
      });
      log.info({ messageId: message.id, reason: outcome.reason }, "message rejected");
      return;
    }
    const failed = attempts >= config.maxAttempts;
    const nextAttemptAt = new Date(
      now.getTime() + (outcome.delayMs ?? backoffMs(attempts, config.backoffBaseMs)),
    );
    await db.message.updateMany({
      where,
      data: failed
        ? { status: "failed", lastError: outcome.error, attempts, leaseUntil: null }
        : { status: "queued", lastError: outcome.error, attempts, leaseUntil: null, nextAttemptAt },
    });
    log.warn(
      { messageId: message.id, attempts, ...(failed ? {} : { nextAttemptAt }) },
      failed ? "message failed: no attempts left" : "message send failed: will retry",
    );
  }

  /** Why a message is not sent at all, decided without calling Douyin. */
  async function refuse(
    message: Message,
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
    const candidate = await db.message.findFirst({
      where: {
        OR: [
          { status: "queued", nextAttemptAt: { lte: now } },
          { status: "sending", leaseUntil: { lt: now } },
        ],
      },
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    });
    if (candidate === null) return false;
    const where = guard(candidate, now);
    // A lease that ran out: its sender died somewhere between claiming and recording.
    const takeover = candidate.status === "sending";
    const message = takeover
      ? { ...candidate, attempts: candidate.attempts + 1, lastError: INTERRUPTED }
      : candidate;
    if (takeover) log.warn({ messageId: message.id }, "taking over a message whose sender stopped");

    const template = grants.template(message.templateId);
    const refusal = await refuse(message, template, takeover);
    if (refusal !== undefined || template === undefined) {
      // Decided before calling Douyin: no call, so no attempt counted.
      await finish(message, where, refusal ?? TEMPLATE_GONE, template, message.attempts);
      return true;
    }

    // At most one message per second per user: wait for the slot instead of a 1010 answer.
    const last = await db.message.findFirst({
      where: { userId: message.userId, status: "sent" },
      orderBy: { sentAt: "desc" },
      select: { sentAt: true },
    });
    const free = last?.sentAt ? last.sentAt.getTime() + config.userIntervalMs : 0;
    if (free > now.getTime()) {
      await db.message.updateMany({
        where,
        data: {
          status: "queued",
          nextAttemptAt: new Date(free),
          leaseUntil: null,
          ...(takeover ? { attempts: message.attempts, lastError: INTERRUPTED } : {}),
        },
      });
      return true;
    }

    const leaseUntil = new Date(now.getTime() + config.leaseMs);
    const claimed = await db.message.updateMany({
      where,
      data: {
        status: "sending",
        leaseUntil,
        ...(takeover ? { attempts: message.attempts, lastError: INTERRUPTED } : {}),
      },
    });
    if (claimed.count !== 1) return true; // another worker moved it first
    const owned = { ...message, status: "sending", leaseUntil };
    await send(owned, template);
    return true;
  }

  async function send(message: Message, template: SubscriptionTemplate): Promise<void> {
    const where = { id: message.id, status: "sending", leaseUntil: message.leaseUntil };
    let logId: string | undefined;
    try {
      const result = await douyin.notifyUser({
        openid: message.openid,
        templateId: message.templateId,
        data: JSON.parse(message.data) as MessageData,
        ...(message.page === null ? {} : { page: message.page }),
      });
      logId = result.logId;
    } catch (error) {
      const outcome = describeFailure(error, message.attempts + 1, config);
      if (outcome.kind === "rejected" && message.lastError === INTERRUPTED) {
        outcome.error = `${outcome.error}; ${INTERRUPTED}`;
      }
      await finish(message, where, outcome, template, message.attempts + 1);
      return;
    }
    // ← A stop here is the at-least-once window (see the top of this file).
    const sentAt = new Date();
    const recorded = await db.$transaction(async (tx) => {
      const { count } = await tx.message.updateMany({
        where,
        data: { status: "sent", sentAt, platformLogId: logId ?? null, leaseUntil: null },
      });
      if (count === 1) await grants.consume(tx, message.userId, template);
      return count === 1;
    });
    if (recorded) log.info({ messageId: message.id, platformLogId: logId }, "message sent");
    else log.warn({ messageId: message.id }, "message sent after its lease was taken over");
  }

  /** When the next message falls due (or a lease runs out), capped by the poll interval. */
  async function nextDelay(): Promise<number> {
    const [queued, sending] = await Promise.all([
      db.message.findFirst({
        where: { status: "queued" },
        orderBy: { nextAttemptAt: "asc" },
        select: { nextAttemptAt: true },
      }),
      db.message.findFirst({
        where: { status: "sending" },
        orderBy: { leaseUntil: "asc" },
        select: { leaseUntil: true },
      }),
    ]);
    const due = Math.min(
      queued?.nextAttemptAt.getTime() ?? Number.POSITIVE_INFINITY,
      sending?.leaseUntil?.getTime() ?? Number.POSITIVE_INFINITY,
    );
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

  /** Run the worker now (after an enqueue), or again right after the current pass. */
  function nudge(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    run();
  }

  return {
    /**
     * Writes the message (queued) and wakes the worker. With an idempotency key already used:
     * the same content answers that message (created: false), other content is a 409.
     */
    async enqueue(input: EnqueueInput, now = new Date()): Promise<Enqueued> {
      const replay = async (): Promise<Enqueued | undefined> => {
        if (input.idempotencyKey === undefined) return undefined;
        const existing = await db.message.findUnique({
          where: { idempotencyKey: input.idempotencyKey },
        });
        if (existing === null) return undefined;
        if (!sameContent(existing, input)) {
          throw new DomainError(
            ProblemCode.IdempotencyKeyReused,
            "This idempotencyKey was used for another message",
          );
        }
        return { message: existing, created: false };
      };
      const earlier = await replay();
      if (earlier) return earlier;
      let message: Message;
      try {
        message = await db.message.create({
          data: {
            userId: input.userId,
            openid: input.openid,
            templateId: input.templateId,
            data: JSON.stringify(input.data),
            page: input.page ?? null,
            idempotencyKey: input.idempotencyKey ?? null,
            status: "queued",
            nextAttemptAt: now,
            createdAt: now,
          },
        });
      } catch (error) {
        // Two requests with one key at once: the loser answers the winner's message.
        const winner = isUniqueViolation(error) ? await replay() : undefined;
        if (winner) return winner;
        throw error;
      }
      nudge();
      return { message, created: true };
    },

    find(id: string): Promise<Message | null> {
      return db.message.findUnique({ where: { id } });
    },

    nudge,

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

export type Outbox = ReturnType<typeof createOutbox>;

declare module "fastify" {
  interface FastifyInstance {
    outbox: Outbox;
  }
}

export default fp(
  async function outbox(app: FastifyInstance) {
    const { outbox: config, douyin } = app.config;
    const worker = createOutbox({
      db: app.db,
      douyin: app.douyin,
      grants: app.grants,
      config,
      log: app.log.child({ component: "outbox" }),
    });
    app.decorate("outbox", worker);
    // One send can take a token fetch (3 tries) plus the call itself.
    if (config.leaseMs < douyin.timeoutMs * 5) {
      app.log.warn(
        { leaseMs: config.leaseMs, timeoutMs: douyin.timeoutMs },
        "OUTBOX_LEASE_MS is short for DOUYIN_TIMEOUT_MS: a slow send may be taken over and sent twice",
      );
    }
    app.addHook("onReady", async () => worker.start());
    app.addHook("onClose", async () => worker.stop());
  },
  { name: "outbox", dependencies: ["config", "db", "douyin", "grants"] },
);
