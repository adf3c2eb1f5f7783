// One "API process" of the concurrency test (douyin-token-store.concurrency.test.ts), started as
// `node --import tsx <this file>` with an IPC channel. It shares the token store (the SQLite file
// DB_FILE) with its siblings and makes calls that need a client_token (queryUserSubscription) to
// the emulator at EMULATOR_URL.
import { createDouyinClient } from "@tt/douyin";
import { createPrismaClient, createPrismaTokenStore } from "../src/index.ts";

export type WorkerCommand =
  /** `calls` calls at once. */
  | { readonly type: "burst"; readonly calls: number }
  /** `calls` calls, `concurrency` at a time; only `gateAt` start before "open-gate" arrives. */
  | {
      readonly type: "stream";
      readonly calls: number;
      readonly concurrency: number;
      readonly gateAt: number;
    }
  | { readonly type: "open-gate" }
  | { readonly type: "exit" };

export type WorkerReport =
  | { readonly type: "ready" }
  /** Every 10 calls of a stream. */
  | { readonly type: "progress"; readonly done: number }
  | {
      readonly type: "done";
      readonly ok: number;
      readonly failed: number;
      /** From the command to the first request that carried a token. */
      readonly firstTokenMs: number;
      readonly errors: readonly string[];
    };

const PROTECTED_PATH = "/api/notification/v2/subscription/query_user_subscribe/";

const emulatorUrl = required("EMULATOR_URL");
/** A subscription template of the app: query_user_subscribe refuses other ids. */
const templateId = required("MSG_ID");
const prisma = createPrismaClient(required("DB_FILE"));
const tokenStore = createPrismaTokenStore(prisma);
const client = createDouyinClient({
  appid: required("APPID"),
  secret: required("SECRET"),
  environment: "emulator",
  emulatorUrl,
  tokenStore,
  fetch: (url, init) => {
    if (firstTokenAt === undefined && String(url).endsWith(PROTECTED_PATH)) {
      firstTokenAt = performance.now();
    }
    return fetch(url, init);
  },
});
let firstTokenAt: number | undefined;

let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  openGate = resolve;
});

async function run(
  calls: number,
  concurrency: number,
  gateAt: number,
  reportProgress: boolean,
): Promise<WorkerReport> {
  const startedAt = performance.now();
  firstTokenAt = undefined;
  let started = 0;
  let ok = 0;
  const errors: string[] = [];
  const lane = async () => {
    while (started < calls) {
      if (started >= gateAt) await gate;
      if (started >= calls) return;
      started += 1;
      try {
        // open.douyin.com, client_token in the access-token header.
        await client.queryUserSubscription({ openid: "concurrency-test", templateId });
        ok += 1;
      } catch (error) {
        errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
      const done = ok + errors.length;
      if (reportProgress && done % 10 === 0) send({ type: "progress", done });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, lane));
  return {
    type: "done",
    ok,
    failed: errors.length,
    firstTokenMs: (firstTokenAt ?? Number.NaN) - startedAt,
    errors: errors.slice(0, 5),
  };
}

function send(report: WorkerReport): void {
  process.send?.(report);
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

process.on("message", (command: WorkerCommand) => {
  switch (command.type) {
    case "burst":
      void run(command.calls, command.calls, command.calls, false).then(send);
      break;
    case "stream":
      void run(command.calls, command.concurrency, command.gateAt, true).then(send);
      break;
    case "open-gate":
      openGate();
      break;
    case "exit":
      void prisma.$disconnect().finally(() => process.exit(0));
      break;
  }
});
// The parent's death closes the channel: do not outlive it.
process.on("disconnect", () => process.exit(0));
// Ready as a running API process is: connected to the database and to the emulator.
// (Prisma prepares each query shape on its first use: do that now, on keys of no app.)
await tokenStore.get("warm-up");
const warmLock = await tokenStore.lock(`warm-up-${process.pid}`, 1_000);
await tokenStore.lock(`warm-up-${process.pid}`, 1_000);
await warmLock?.release();
await tokenStore.set(`warm-up-${process.pid}`, { value: "-", expiresAt: 0, fetchedAt: 0 });
await tokenStore.compareAndDelete(`warm-up-${process.pid}`, "-");
await fetch(`${emulatorUrl}/emulator/clock`).then((response) => response.text());
send({ type: "ready" });
