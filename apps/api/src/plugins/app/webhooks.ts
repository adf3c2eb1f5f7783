import { createHash } from "node:crypto";
import { isUniqueViolation, type TransactionClient } from "@tt/db";
import {
  isDouyinWebhookError,
  type ReadWebhook,
  readUserSubscribeAction,
  USER_SUBSCRIBE_ACTION_EVENT,
} from "@tt/douyin";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";
import type { Grants } from "./grants.ts";
import type { Users } from "./users.ts";

export type WebhookOutcome = "stored" | "duplicate";

/** What handling an event did; only "applied" and "nothing to do" set processedAt. */
type Handling = "applied" | "nothing to do" | "not applied";

/**
 * Stores each pushed event once per Msg-Id and once per signed body, and applies it in the same
 * transaction: a push is either stored and applied, or neither (then Douyin's retry tries again).
 * A repeated Msg-Id, or the same signed bytes under a new Msg-Id (a replay), changes nothing for
 * as long as events are kept: the retention window (WEBHOOK_RETENTION_DAYS). `processedAt` is set when the event was understood and handled (grants
 * updated, or nothing to change); it stays null for events stored only: unknown events, another
 * app's, a user or template we do not know.
 */
interface WebhookDeps {
  unit: UnitOfWork;
  users: Users;
  grants: Grants;
  appid: string;
  retentionDays: number;
}

function createWebhooks({ unit, users, grants, appid, retentionDays }: WebhookDeps) {
  const retentionMs = retentionDays * 86_400_000;

  async function handle(push: ReadWebhook, log: FastifyBaseLogger, now: Date): Promise<Handling> {
    if (push.event !== USER_SUBSCRIBE_ACTION_EVENT) return "not applied";
    if (push.envelope.clientKey !== undefined && push.envelope.clientKey !== appid) {
      log.warn({ event: push.event }, "webhook event for another app: stored only");
      return "not applied";
    }
    let action: ReturnType<typeof readUserSubscribeAction>;
    try {
      action = readUserSubscribeAction(push.envelope);
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: readUserSubscribeAction throws DouyinWebhookError only (any envelope is an object), so no test can reach the rethrow
      if (!isDouyinWebhookError(error)) throw error;
      log.warn(
        { event: push.event },
        "user_subscribe_action without a usable content: stored only",
      );
      return "not applied";
    }
    // 0 "no relation" (documented, not expected to occur): understood, and no grant changes.
    if (action.meaning === "no-relation") return "nothing to do";
    // A decision older than the retention window could be a push captured long ago and replayed
    // after its copy was deleted: Douyin retries for minutes, not weeks. Stored, not applied.
    if (action.time !== undefined && action.time * 1000 < now.getTime() - retentionMs) {
      log.warn({ event: push.event }, "user_subscribe_action older than the retention window");
      return "not applied";
    }
    const template = action.templateId ? grants.template(action.templateId) : undefined;
    if (template === undefined || action.openid === undefined) return "not applied";
    const user = await users.findByOpenid(action.openid);
    if (user === null) return "not applied";
    // 4 (one-time refused) changes nothing: credits already granted stay.
    if (!action.accepted && template.kind === "one-time") return "nothing to do";
    await unit.lockUser(user.id);
    await grants.applyAction(user.id, template, action.accepted);
    return "applied";
  }

  let prunedAt = 0;

  /** Forgets events older than the retention window, at most once an hour. */
  async function pruneOld(now: Date, log: FastifyBaseLogger): Promise<void> {
    if (now.getTime() - prunedAt < 3_600_000) return;
    prunedAt = now.getTime();
    const { count } = await unit.db.webhookEvent.deleteMany({
      where: { receivedAt: { lt: new Date(now.getTime() - retentionMs) } },
    });
    if (count > 0) log.info({ count, retentionDays }, "webhook events past retention deleted");
  }

  return {
    async receive(
      push: ReadWebhook,
      rawBody: Buffer,
      log: FastifyBaseLogger,
      now = new Date(),
    ): Promise<WebhookOutcome> {
      // The signature covers exactly these bytes: the same bytes under another Msg-Id are a
      // captured push replayed, not a new event.
      const bodySha256 = createHash("sha256").update(rawBody).digest("base64url");
      // (?) Douyin sends Msg-Id with every push; without one, the body's hash stands in for it.
      const msgId = push.msgId ?? `sha256:${bodySha256}`;
      const seen = (tx: TransactionClient) =>
        tx.webhookEvent.findFirst({
          where: { OR: [{ msgId }, { bodySha256 }] },
          select: { msgId: true },
        });
      await pruneOld(now, log);
      try {
        const handling = await unit.run(async () => {
          const tx = unit.db;
          if (await seen(tx)) return "duplicate" as const;
          await tx.webhookEvent.create({
            data: {
              msgId,
              bodySha256,
              event: push.event,
              payload: rawBody.toString("utf8"),
              receivedAt: now,
            },
          });
          const result = await handle(push, log, now);
          if (result !== "not applied") {
            await tx.webhookEvent.update({ where: { msgId }, data: { processedAt: now } });
          }
          return result;
        });
        if (handling === "duplicate") {
          log.info({ msgId, event: push.event }, "webhook event already stored");
          return "duplicate";
        }
        log.info({ msgId, event: push.event, handling }, "webhook event stored");
        return "stored";
      } catch (error) {
        // Only a race on this Msg-Id or body is a duplicate; any other conflict is a real failure,
        // and Douyin will push the event again.
        const stored = isUniqueViolation(error) ? await seen(unit.db) : null;
        if (!stored) throw error;
        log.info({ msgId, event: push.event }, "webhook event already stored");
        return "duplicate";
      }
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;

declare module "fastify" {
  interface FastifyInstance {
    webhooks: Webhooks;
  }
}

export default fp(
  async function webhooks(app: FastifyInstance) {
    app.decorate(
      "webhooks",
      createWebhooks({
        unit: app.unitOfWork,
        users: app.users,
        grants: app.grants,
        appid: app.config.douyin.appid,
        retentionDays: app.config.webhookRetentionDays,
      }),
    );
  },
  { name: "webhooks", dependencies: ["config", "db", "users", "grants"] },
);
