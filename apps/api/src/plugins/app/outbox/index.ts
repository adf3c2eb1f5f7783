import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { OutboxMessage } from "../../../domain/models.ts";
import { createMessageStore, type Enqueued, type EnqueueInput } from "./message-store.ts";
import { createOutboxWorker } from "./worker.ts";

export type { Enqueued, EnqueueInput } from "./message-store.ts";

/**
 * The durable outbox of subscription messages: `message-store.ts` holds the rows and their state
 * machine, `failure-policy.ts` decides what a failed send becomes, `worker.ts` sends.
 */
export interface Outbox {
  /** Writes the message (queued) and wakes the worker; see MessageStore.enqueue. */
  enqueue(input: EnqueueInput, now?: Date): Promise<Enqueued>;
  find(id: string): Promise<OutboxMessage | null>;
  nudge(): void;
  start(): void;
  stop(): Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    outbox: Outbox;
  }
}

export default fp(
  async function outbox(app: FastifyInstance) {
    const { outbox: config, douyin } = app.config;
    const store = createMessageStore(app.unitOfWork);
    const worker = createOutboxWorker({
      unit: app.unitOfWork,
      store,
      douyin: app.douyin,
      grants: app.grants,
      config,
      log: app.log.child({ component: "outbox" }),
    });
    app.decorate("outbox", {
      async enqueue(input: EnqueueInput, now = new Date()) {
        const enqueued = await store.enqueue(input, now);
        if (enqueued.created) worker.nudge();
        return enqueued;
      },
      find: (id: string) => store.find(id),
      nudge: () => worker.nudge(),
      start: () => worker.start(),
      stop: () => worker.stop(),
    });
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
