// The outbox's rows and the only writes that move them between states.
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
// Each transition is guarded by the row as it was read ("seen"): still queued and due, or still
// sending under the same lease. Of two workers that read the same row, one wins each transition;
// the other's write matches no row and it moves on.
import type { MessageData } from "@tt/contract";
import { isUniqueViolation, type Message as MessageRow, type Prisma } from "@tt/db";
import { DomainError, ProblemCode } from "../../../domain/errors.ts";
import type { OutboxMessage } from "../../../domain/models.ts";
import type { UnitOfWork } from "../../../lib/unit-of-work.ts";

export const INTERRUPTED =
  "an earlier attempt was interrupted (the sender stopped): it may have been delivered";

export interface EnqueueInput {
  userId: string;
  openid: string;
  templateId: string;
  data: MessageData;
  page?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface Enqueued {
  message: OutboxMessage;
  /** false: an earlier message with the same idempotency key and content. */
  created: boolean;
}

/** Every column, named (see @tt/db's plain SQL: no `*` in prepared statements). */
const MESSAGE_COLUMNS =
  '"id", "userId", "openid", "templateId", "data", "page", "idempotencyKey", "status", "attempts", "nextAttemptAt", "leaseUntil", "lastError", "rejectReason", "platformLogId", "sentAt", "createdAt", "updatedAt"';

function toOutboxMessage(row: MessageRow): OutboxMessage {
  return {
    ...row,
    data: JSON.parse(row.data) as MessageData,
    status: row.status as OutboxMessage["status"],
  };
}

function sameContent(message: OutboxMessage, input: EnqueueInput): boolean {
  const stored = message.data;
  const keys = Object.keys(stored);
  return (
    message.userId === input.userId &&
    message.templateId === input.templateId &&
    (message.page ?? undefined) === (input.page ?? undefined) &&
    keys.length === Object.keys(input.data).length &&
    keys.every((key) => Object.hasOwn(input.data, key) && input.data[key] === stored[key])
  );
}

/** The row still is as `seen` (read at `now`): of two workers, one wins each transition. */
function guard(seen: OutboxMessage, now: Date): Prisma.MessageWhereInput {
  return seen.status === "sending"
    ? { id: seen.id, status: "sending", leaseUntil: seen.leaseUntil }
    : { id: seen.id, status: "queued", nextAttemptAt: { lte: now } };
}

/** A takeover records the interrupted attempt with its first write. */
const interruptedBy = (takeover: OutboxMessage | undefined) =>
  takeover ? { attempts: takeover.attempts, lastError: INTERRUPTED } : {};

export function createMessageStore(unit: UnitOfWork) {
  async function byIdempotencyKey(key: string): Promise<OutboxMessage | null> {
    const row = await unit.db.message.findUnique({ where: { idempotencyKey: key } });
    return row && toOutboxMessage(row);
  }

  return {
    /**
     * Writes the message, queued and due now. With an idempotency key already used: the same
     * content answers that message (created: false), other content is IDEMPOTENCY_KEY_REUSED.
     */
    async enqueue(input: EnqueueInput, now: Date): Promise<Enqueued> {
      const replay = async (): Promise<Enqueued | undefined> => {
        if (input.idempotencyKey === undefined) return undefined;
        const existing = await byIdempotencyKey(input.idempotencyKey);
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
      try {
        const row = await unit.db.message.create({
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
        return { message: toOutboxMessage(row), created: true };
      } catch (error) {
        // Two requests with one key at once: the loser answers the winner's message.
        const winner = isUniqueViolation(error) ? await replay() : undefined;
        if (winner) return winner;
        throw error;
      }
    },

    async find(id: string): Promise<OutboxMessage | null> {
      const row = await unit.db.message.findUnique({ where: { id } });
      return row && toOutboxMessage(row);
    },

    /**
     * The next message due: queued and due, or sending with a lease that ran out. Plain SQL (the
     * worker's poll, every interval): an idle process never needs Prisma's query compiler.
     */
    async nextDue(now: Date): Promise<OutboxMessage | null> {
      const [row] = await unit.read<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE ("status" = 'queued' AND "nextAttemptAt" <= ?) OR ("status" = 'sending' AND "leaseUntil" < ?) ORDER BY "nextAttemptAt" ASC, "id" ASC LIMIT 1`,
        [now, now],
        { dates: ["nextAttemptAt", "leaseUntil", "sentAt", "createdAt", "updatedAt"] },
      );
      return row === undefined ? null : toOutboxMessage(row);
    },

    /** When the user's newest sent message went out. */
    async lastSentAt(userId: string): Promise<Date | null> {
      const row = await unit.db.message.findFirst({
        where: { userId, status: "sent" },
        orderBy: { sentAt: "desc" },
        select: { sentAt: true },
      });
      return row?.sentAt ?? null;
    },

    /** When the next message falls due or lease runs out; undefined: nothing is pending. */
    async nextWakeAt(): Promise<Date | undefined> {
      const [[queued], [sending]] = await Promise.all([
        unit.read<{ nextAttemptAt: Date }>(
          `SELECT "nextAttemptAt" FROM "Message" WHERE "status" = 'queued' ORDER BY "nextAttemptAt" ASC LIMIT 1`,
          [],
          { dates: ["nextAttemptAt"] },
        ),
        unit.read<{ leaseUntil: Date | null }>(
          `SELECT "leaseUntil" FROM "Message" WHERE "status" = 'sending' ORDER BY "leaseUntil" ASC LIMIT 1`,
          [],
          { dates: ["leaseUntil"] },
        ),
      ]);
      const times = [queued?.nextAttemptAt, sending?.leaseUntil ?? undefined].filter(
        (time): time is Date => time !== undefined,
      );
      return times.length === 0
        ? undefined
        : new Date(Math.min(...times.map((time) => time.getTime())));
    },

    /** queued (or a takeover) → queued until `until`, not claimed. */
    async defer(
      seen: OutboxMessage,
      now: Date,
      until: Date,
      takeover?: OutboxMessage,
    ): Promise<boolean> {
      const { count } = await unit.db.message.updateMany({
        where: guard(seen, now),
        data: {
          status: "queued",
          nextAttemptAt: until,
          leaseUntil: null,
          ...interruptedBy(takeover),
        },
      });
      return count === 1;
    },

    /** queued (or a takeover) → sending under a lease until `leaseUntil`; false: lost the race. */
    async claim(
      seen: OutboxMessage,
      now: Date,
      leaseUntil: Date,
      takeover?: OutboxMessage,
    ): Promise<boolean> {
      const { count } = await unit.db.message.updateMany({
        where: guard(seen, now),
        data: { status: "sending", leaseUntil, ...interruptedBy(takeover) },
      });
      return count === 1;
    },

    /** → rejected; `attempts`: the calls to Douyin that did not succeed. */
    async reject(
      seen: OutboxMessage,
      now: Date,
      change: { reason: string; error: string; attempts: number },
    ): Promise<boolean> {
      const { count } = await unit.db.message.updateMany({
        where: guard(seen, now),
        data: {
          status: "rejected",
          rejectReason: change.reason,
          lastError: change.error,
          attempts: change.attempts,
          leaseUntil: null,
        },
      });
      return count === 1;
    },

    /** → queued again at `nextAttemptAt`, or failed when `nextAttemptAt` is undefined. */
    async retryOrFail(
      seen: OutboxMessage,
      now: Date,
      change: { error: string; attempts: number; nextAttemptAt: Date | undefined },
    ): Promise<boolean> {
      const { error, attempts, nextAttemptAt } = change;
      const { count } = await unit.db.message.updateMany({
        where: guard(seen, now),
        data:
          nextAttemptAt === undefined
            ? { status: "failed", lastError: error, attempts, leaseUntil: null }
            : { status: "queued", lastError: error, attempts, leaseUntil: null, nextAttemptAt },
      });
      return count === 1;
    },

    /** sending → sent; false: the lease was taken over meanwhile. */
    async markSent(
      owned: OutboxMessage,
      sentAt: Date,
      platformLogId: string | undefined,
    ): Promise<boolean> {
      const { count } = await unit.db.message.updateMany({
        where: guard(owned, sentAt),
        data: { status: "sent", sentAt, platformLogId: platformLogId ?? null, leaseUntil: null },
      });
      return count === 1;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
