// The concurrency requirement: 4 Node processes sharing the database token store make
// 1,000 concurrent calls that need a client_token → the emulator counts exactly one token fetch;
// then the token is revoked mid-run → exactly one more fetch, and every call still succeeds.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@tt/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateSqliteFile } from "../src/index.ts";
import type { WorkerCommand, WorkerReport } from "./douyin-token-store.worker.ts";
import { useTempDir } from "./temp-dir.ts";

const PROCESSES = 4;
const CALLS = 1_000;
const PER_PROCESS = CALLS / PROCESSES;
const CLIENT_TOKEN_PATH = "/oauth/client_token/";
const PROTECTED_PATH = "/api/notification/v2/subscription/query_user_subscribe/";
const APP = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
const WORKER = path.join(import.meta.dirname, "douyin-token-store.worker.ts");
const REPORT_TIMEOUT_MS = 30_000;

const tmp = useTempDir("tt-token-concurrency-");
let emulator: RunningEmulator;
const workers: WorkerProcess[] = [];

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly reports: WorkerReport[];
  send(command: WorkerCommand): void;
  /** The next report of `type`, at most REPORT_TIMEOUT_MS away. */
  next<T extends WorkerReport["type"]>(type: T): Promise<Extract<WorkerReport, { type: T }>>;
}

function startWorker(index: number, dbFile: string, msgId: string): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: {
      ...process.env,
      EMULATOR_URL: emulator.url,
      DB_FILE: dbFile,
      APPID: APP.appid,
      SECRET: APP.secret,
      MSG_ID: msgId,
    },
  });
  const reports: WorkerReport[] = [];
  const waiting = new Set<() => void>();
  child.on("message", (report: WorkerReport) => {
    reports.push(report);
    for (const wake of waiting) wake();
  });
  const exited = once(child, "exit");
  return {
    child,
    reports,
    send: (command) => child.send(command),
    next: (type) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const at = reports.findIndex((report) => report.type === type);
          if (at === -1) return;
          cleanup();
          resolve(reports.splice(at, 1)[0] as never);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`worker ${index}: no "${type}" within ${REPORT_TIMEOUT_MS} ms`));
        }, REPORT_TIMEOUT_MS);
        const onExit = () => {
          cleanup();
          reject(new Error(`worker ${index} exited before "${type}"`));
        };
        void exited.then(onExit, onExit);
        const cleanup = () => {
          clearTimeout(timer);
          waiting.delete(check);
        };
        waiting.add(check);
        check();
      }),
  };
}

async function control(method: string, urlPath: string, body?: unknown) {
  const response = await fetch(`${emulator.url}${urlPath}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const callsOf = async (urlPath: string) =>
  ((await control("GET", "/emulator/stats")).calls as Record<string, number>)[urlPath] ?? 0;
const tokenFetches = () => callsOf(CLIENT_TOKEN_PATH);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: "127.0.0.1", seed: "token-concurrency" });
  const dbFile = path.join(tmp, "tokens.db");
  migrateSqliteFile(dbFile);
  const { apps } = (await control("GET", "/emulator/apps")) as {
    apps: { appid: string; templates: { templateId: string }[] }[];
  };
  const msgId = apps.find((app) => app.appid === APP.appid)?.templates[0]?.templateId ?? "";
  for (let i = 0; i < PROCESSES; i++) workers.push(startWorker(i, dbFile, msgId));
  await Promise.all(workers.map((worker) => worker.next("ready")));
});

afterAll(async () => {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.child.exitCode !== null) return;
      const exited = once(worker.child, "exit");
      worker.send({ type: "exit" });
      const timer = setTimeout(() => worker.child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  await emulator?.close();
});

it(`${CALLS} concurrent calls in ${PROCESSES} processes fetch one client_token; a revoked token is refreshed once`, async () => {
  // Phase 1: every process fires its share at once, on an empty store.
  let started = performance.now();
  for (const worker of workers) worker.send({ type: "burst", calls: PER_PROCESS });
  const burst = await Promise.all(workers.map((worker) => worker.next("done")));
  const burstMs = performance.now() - started;
  const afterBurst = await tokenFetches();
  console.error(
    `[tokens] burst: ${CALLS} calls in ${PROCESSES} processes → ${afterBurst} client_token fetch(es), ` +
      `${burst.reduce((n, r) => n + r.ok, 0)} ok; every process had the token after ` +
      `${Math.round(Math.max(...burst.map((r) => r.firstTokenMs)))} ms; ${Math.round(burstMs)} ms ` +
      "wall (mostly the emulator answering 1,000 requests)",
  );
  expect(burst.flatMap((report) => report.errors)).toEqual([]);
  expect(burst.map((report) => report.ok)).toEqual(workers.map(() => PER_PROCESS));
  expect(afterBurst).toBe(1);

  // Phase 2: a stream of calls (the platform answers each after 20 ms); the token is revoked
  // while calls are in flight, before any process may start its second half.
  await control("POST", "/emulator/faults", { path: PROTECTED_PATH, delayMs: 20, times: 10_000 });
  started = performance.now();
  for (const worker of workers) {
    worker.send({ type: "stream", calls: PER_PROCESS, concurrency: 10, gateAt: PER_PROCESS / 2 });
  }
  await Promise.all(workers.map((worker) => worker.next("progress")));
  const revoked = await control("POST", "/emulator/tokens/invalidate", {
    appid: APP.appid,
    kind: "client_token",
  });
  const revokedAtMs = performance.now() - started;
  for (const worker of workers) worker.send({ type: "open-gate" });
  const stream = await Promise.all(workers.map((worker) => worker.next("done")));
  for (const worker of workers) worker.reports.length = 0; // leftover progress reports
  const streamMs = performance.now() - started;
  const afterStream = await tokenFetches();
  // Every call made one request, plus one more for each that met the revoked token.
  const retried = (await callsOf(PROTECTED_PATH)) - 2 * CALLS;
  console.error(
    `[tokens] revoke mid-run: ${CALLS} calls in ${PROCESSES} processes, token revoked at ` +
      `${Math.round(revokedAtMs)} ms (${JSON.stringify(revoked)}) → ${afterStream - afterBurst} more ` +
      `fetch(es), ${afterStream} in total; ${retried} calls met the revoked token and were retried; ` +
      `${stream.reduce((n, r) => n + r.ok, 0)} ok, ${Math.round(streamMs)} ms wall`,
  );
  expect(stream.flatMap((report) => report.errors)).toEqual([]);
  expect(stream.map((report) => report.ok)).toEqual(workers.map(() => PER_PROCESS));
  expect(retried).toBeGreaterThan(0);
  expect(afterStream).toBe(2);
}, 90_000);
