// Several instances (issue 10): three built API processes on one PostgreSQL (and Redis when
// TEST_REDIS_URL is set) with one emulator.
// The platform token is revoked, then 60 subscription messages are queued through all three while
// one instance is killed with SIGKILL mid-run. Every message must end up delivered, the three
// together must fetch at most one new token, and a message delivered twice (the outbox's
// at-least-once window: killed after Douyin accepted it, before "sent" was recorded) is counted
// and reported. Runs in the PostgreSQL project only (TEST_DATABASE_URL).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { type RunningEmulator, startEmulator } from "@tt/emulator";
import { apiTestEnv, deviceLogin, testDatabaseProvider, testDatabaseUrl } from "@tt/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorDefaultTemplates } from "../src/config.ts";
import { type BuiltApi, buildApi } from "./support/built-api.ts";

const MESSAGES = 60;
const USERS = 30;
const CLIENT_TOKEN = "/oauth/client_token/";
const [, , longTerm] = emulatorDefaultTemplates;
const templateId = longTerm?.id ?? "";
const data = { 服务名称: "维修", 当前进度: "已派单" };

interface Instance {
  child: ChildProcess;
  url: string;
  output: string[];
}

const dir = mkdtempSync(path.join(tmpdir(), "tt-multi-"));
let built: BuiltApi;
let emulator: RunningEmulator;
let env: Record<string, string>;
const instances: Instance[] = [];

function start(): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(built.dir, "server.js")], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
        if (url) resolve({ child, url, output });
      });
    }
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output.join("\n")}`)));
  });
}

async function call(url: string, method: string, body?: unknown, headers = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function tokenFetches(): Promise<number> {
  return (await call(`${emulator.url}/emulator/stats`, "GET")).json.calls[CLIENT_TOKEN] ?? 0;
}

describe.skipIf(testDatabaseProvider() !== "postgresql")(
  "three instances on one PostgreSQL",
  () => {
    beforeAll(async () => {
      built = await buildApi();
      emulator = await startEmulator({ port: 0, seed: "multi-instance", logger: false });
      env = {
        ...apiTestEnv(dir, emulator.url, { DATABASE_URL: testDatabaseUrl(dir, "multi") }),
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_FORMAT: "json",
        SUBSCRIPTION_TEMPLATES: JSON.stringify(emulatorDefaultTemplates),
        OUTBOX_POLL_INTERVAL_MS: "50",
        OUTBOX_BACKOFF_BASE_MS: "100",
        // A killed sender's message is taken over 3 s later.
        OUTBOX_LEASE_MS: "3000",
        DOUYIN_TIMEOUT_MS: "3000",
        RATE_LIMIT_AUTH_PER_MINUTE: "1000",
      };
      // Started together: their migrations meet at the advisory lock.
      instances.push(...(await Promise.all([start(), start(), start()])));
    }, 60_000);

    afterAll(async () => {
      for (const instance of instances) instance.child.kill("SIGKILL");
      await emulator?.close();
      built?.remove();
      rmSync(dir, { recursive: true, force: true });
    });

    it("delivers all 60 messages with one token fetch while an instance is killed", async () => {
      const admin = { "x-admin-key": env.ADMIN_API_KEY ?? "" };
      const personas = Array.from({ length: USERS }, (_, i) => `multi-${i}`);
      // Each person logs in and subscribes (long-term) through one of the instances.
      const userIds = await Promise.all(
        personas.map(async (persona, i) => {
          const api = instances[i % 3]?.url ?? "";
          const { code } = await deviceLogin(emulator.url, { user: persona });
          const login = await call(`${api}/api/auth/login`, "POST", { code });
          expect(login.status).toBe(200);
          const result = await call(`${emulator.url}/device/subscribe`, "POST", {
            user: persona,
            tmplIds: [templateId],
          });
          const auth = { authorization: `Bearer ${login.json.accessToken}` };
          const recorded = await call(
            `${api}/api/me/subscriptions`,
            "POST",
            { result: result.json },
            auth,
          );
          expect(recorded.status).toBe(200);
          return login.json.user.id as string;
        }),
      );

      await call(`${emulator.url}/emulator/tokens/invalidate`, "POST", { kind: "client" });
      const fetchesBefore = await tokenFetches();

      const ids: string[] = [];
      for (let n = 0; n < MESSAGES; n += 1) {
        const alive = instances.filter(
          (instance) => instance.child.exitCode === null && !instance.child.killed,
        );
        const api = alive[n % alive.length]?.url ?? "";
        const queued = await call(
          `${api}/api/admin/messages`,
          "POST",
          { userId: userIds[n % USERS], templateId, data, idempotencyKey: `multi-${n}` },
          admin,
        );
        expect(queued.status).toBe(202);
        ids.push(queued.json.id);
        // A third of the way through, one instance dies wherever it is (maybe mid-send).
        if (n === MESSAGES / 3) instances[1]?.child.kill("SIGKILL");
      }

      const survivor = instances[0]?.url ?? "";
      const deadline = Date.now() + 60_000;
      const statuses = new Map<string, string>();
      while (Date.now() < deadline) {
        for (const id of ids) {
          if (statuses.get(id) === "sent") continue;
          const message = await call(
            `${survivor}/api/admin/messages/${id}`,
            "GET",
            undefined,
            admin,
          );
          statuses.set(id, message.json.status);
        }
        if ([...statuses.values()].every((status) => status === "sent")) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const counts: Record<string, number> = {};
      for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
      expect(counts).toEqual({ sent: MESSAGES });

      // What the phones received: every message at least once.
      let delivered = 0;
      for (const persona of personas) {
        const inbox = await call(`${emulator.url}/device/inbox?user=${persona}`, "GET");
        delivered += inbox.json.messages.length;
        expect(inbox.json.messages.length).toBeGreaterThanOrEqual(MESSAGES / USERS);
      }
      const fetches = (await tokenFetches()) - fetchesBefore;
      expect(fetches).toBeLessThanOrEqual(1);
      console.warn(
        `multi-instance: ${MESSAGES} messages through 3 instances (one killed mid-run): ` +
          `${delivered} deliveries, ${delivered - MESSAGES} duplicate(s) (at-least-once window), ` +
          `${fetches} token fetch(es) after the revocation`,
      );
    }, 120_000);
  },
);
