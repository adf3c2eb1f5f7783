// Nothing is lost when the API process dies: the API runs as a child process
// (`node --import tsx apps/api/src/server.ts`), is killed with SIGKILL at chosen points of the
// outbox's life (a send held by an emulator delay fault, a retry waiting, messages deferred by the
// 1 msg/s rule), and is started again on the same SQLite file. Every message must end as expected
// and none may stay queued or sending. Delivery is at-least-once: a process killed after Douyin
// accepted a message but before recording it sends it again (shown below with a long-term
// template: the user gets it twice; with a one-time template the platform refuses the repeat).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { databaseLocation, openDatabase, type PrismaClient } from "@tt/db";
import { startEmulator } from "@tt/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/config.ts";
import { deviceLogin, type Emulator, postJson, testEnv } from "./helper.ts";
import { messagingEnv, templates } from "./outbox-helpers.ts";

const NOTIFY = "/api/notification/v2/subscription/notify_user/";
const dir = mkdtempSync(path.join(tmpdir(), "tt-api-restart-"));
let emulator: Emulator;
let env: Record<string, string>;
let db: PrismaClient;
const output: string[] = [];
/** Every child started, so that a failing test leaves none running. */
const children = new Set<ChildProcess>();

/** One run of the API as its own process. */
class ApiProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<ApiProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/server.ts"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`API did not start:\n${output.join("")}`)),
        20_000,
      );
      child.once("exit", (code) => reject(new Error(`API exited (${code}):\n${output.join("")}`)));
      lines.on("line", (line) => {
        output.push(`${line}\n`);
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    return new ApiProcess(url, child);
  }

  async kill(): Promise<void> {
    const exited = once(this.child, "exit");
    this.child.kill("SIGKILL");
    await exited;
  }

  async post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.url}${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Logs in a persona and records its grant from a real tt.requestSubscribeMessage answer. */
  async subscribed(persona: string, templateId: string): Promise<string> {
    const { code } = await deviceLogin(emulator, { user: persona });
    const session = await this.post("/api/auth/login", { code });
    const { accessToken, user } = session.body as { accessToken: string; user: { id: string } };
    const result = await postJson(emulator, "/device/subscribe", {
      user: persona,
      tmplIds: [templateId],
    });
    const recorded = await this.post(
      "/api/me/subscriptions",
      { result },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(recorded.status).toBe(200);
    return user.id;
  }

  async enqueue(userId: string, template: keyof typeof templates, idempotencyKey: string) {
    const { id, data } = templates[template];
    const response = await this.post(
      "/api/admin/messages",
      { userId, templateId: id, data, idempotencyKey },
      { "x-admin-key": env.ADMIN_API_KEY ?? "" },
    );
    expect(response.status).toBe(202);
    return response.body.id as string;
  }
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const message = (id: string) => db.message.findUniqueOrThrow({ where: { id } });
const settled = (id: string) =>
  until(
    `message ${id} to settle`,
    () => message(id),
    (row) => ["sent", "failed", "rejected"].includes(row.status),
  );

async function notifyCalls(): Promise<number> {
  const stats = (await (await fetch(`${emulator.url}/emulator/stats`)).json()) as {
    calls: Record<string, number>;
  };
  return stats.calls[NOTIFY] ?? 0;
}

async function inboxSize(persona: string): Promise<number> {
  const response = await fetch(`${emulator.url}/device/inbox?user=${persona}`);
  return ((await response.json()) as { messages: unknown[] }).messages.length;
}

const fault = (rule: Record<string, unknown>) =>
  postJson(emulator, "/emulator/faults", { path: NOTIFY, ...rule });

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "restart-tests", logger: false });
  env = {
    ...testEnv(dir, emulator.url, "restart"),
    ...messagingEnv,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_FORMAT: "json",
    OUTBOX_POLL_INTERVAL_MS: "50",
    // Short leases so that a restarted process takes over quickly; sends held by the faults
    // below are killed long before the timeout.
    OUTBOX_LEASE_MS: "1000",
    DOUYIN_TIMEOUT_MS: "10000",
    // e1's retry (2–4 s after its busy answer) must come after b1 is claimed in run 2, however
    // slow the machine: an earlier retry would be sent first and e1 would not be waiting.
    OUTBOX_BACKOFF_BASE_MS: "4000",
  };
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await db?.$disconnect();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the outbox across SIGKILL and restart", () => {
  it("ends every message sent or rejected as expected, none stuck", {
    timeout: 120_000,
  }, async () => {
    // Run 1: users and grants; a1's send is held by the platform (it answers busy after 8 s and
    // delivers nothing): killed while sending, before Douyin did anything.
    let api = await ApiProcess.start();
    db = await openDatabase(databaseLocation(env.DATABASE_URL ?? "", dir));
    const users = {
      a: await api.subscribed("k-a", templates.shipping.id),
      b: await api.subscribed("k-b", templates.progress.id),
      c: await api.subscribed("k-c", templates.shipping.id),
      d: await api.subscribed("k-d", templates.progress.id),
      e: await api.subscribed("k-e", templates.booking.id),
    };
    await fault({ errNo: -1, delayMs: 8_000, times: 1 });
    const a1 = await api.enqueue(users.a, "shipping", "a1");
    await until("a1 in flight", notifyCalls, (calls) => calls === 1);
    expect((await message(a1)).status).toBe("sending");
    await api.kill();

    // Run 2: a1 is taken over once its lease ran out, and sent. e1 fails (busy) and waits for its
    // retry; meanwhile b1 (long-term) is delivered by the platform, whose answer is held: killed
    // inside the at-least-once window, with e1 still waiting.
    api = await ApiProcess.start();
    expect(await settled(a1)).toMatchObject({ status: "sent", attempts: 1 });
    await fault({ errNo: -1, times: 1 });
    const e1 = await api.enqueue(users.e, "booking", "e1");
    await until(
      "e1 waiting to retry",
      () => message(e1),
      (row) => row.attempts === 1,
    );
    await fault({ delayMs: 8_000, times: 1 });
    const b1 = await api.enqueue(users.b, "progress", "b1");
    await until(
      "b1 delivered",
      () => inboxSize("k-b"),
      (size) => size === 1,
    );
    expect([(await message(b1)).status, (await message(e1)).status]).toEqual(["sending", "queued"]);
    await api.kill();

    // Run 3: b1 is sent again (delivered twice: at-least-once); e1 is retried and sent. d1..d3 (one
    // user) go out one per second: d1 is sent, d2 and d3 wait for their slot while c1 (one-time)
    // is delivered with its answer held: killed.
    api = await ApiProcess.start();
    expect(await settled(b1)).toMatchObject({ status: "sent", attempts: 1 });
    expect(await settled(e1)).toMatchObject({ status: "sent", attempts: 1 });
    const d = [
      await api.enqueue(users.d, "progress", "d1"),
      await api.enqueue(users.d, "progress", "d2"),
      await api.enqueue(users.d, "progress", "d3"),
    ];
    const [d1 = "", d2 = "", d3 = ""] = d;
    await until(
      "d1 sent",
      () => message(d1),
      (row) => row.status === "sent",
    );
    await fault({ delayMs: 8_000, times: 1 });
    const c1 = await api.enqueue(users.c, "shipping", "c1");
    await until(
      "c1 delivered",
      () => inboxSize("k-c"),
      (size) => size === 1,
    );
    expect(await Promise.all([d2, d3, c1].map(async (id) => (await message(id)).status))).toEqual([
      "queued",
      "queued",
      "sending",
    ]);
    await api.kill();

    // Run 4: d2 and d3 go out. The platform refuses c1's repeat (the first delivery spent its
    // one-time grant): rejected, with a note that the lost attempt may have delivered it. A client
    // retrying with an idempotency key gets the stored message.
    api = await ApiProcess.start();
    for (const id of d) expect(await settled(id)).toMatchObject({ status: "sent", attempts: 0 });
    const c1Final = await settled(c1);
    expect(c1Final).toMatchObject({
      status: "rejected",
      rejectReason: "not subscribed",
      attempts: 2,
    });
    expect(c1Final.lastError).toMatch(/28014043.*may have been delivered/);
    const replay = await api.post(
      "/api/admin/messages",
      {
        userId: users.d,
        templateId: templates.progress.id,
        data: templates.progress.data,
        idempotencyKey: "d1",
      },
      { "x-admin-key": env.ADMIN_API_KEY ?? "" },
    );
    expect(replay).toEqual({ status: 200, body: { id: d1, status: "sent" } });
    await api.kill();

    // The figures.
    const rows = await db.message.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((row) => [row.idempotencyKey, row.status, row.attempts])).toEqual([
      ["a1", "sent", 1],
      ["b1", "sent", 1],
      ["c1", "rejected", 2],
      ["d1", "sent", 0],
      ["d2", "sent", 0],
      ["d3", "sent", 0],
      ["e1", "sent", 1],
    ]);
    expect(rows.filter((row) => row.status === "queued" || row.status === "sending")).toEqual([]);
    expect(rows.every((row) => row.leaseUntil === null)).toBe(true);
    const inboxes = Object.fromEntries(
      await Promise.all(
        ["k-a", "k-b", "k-c", "k-d", "k-e"].map(async (p) => [p, await inboxSize(p)]),
      ),
    );
    // b1 twice: the at-least-once case. c1 once: the platform refused the repeat.
    expect(inboxes).toEqual({ "k-a": 1, "k-b": 2, "k-c": 1, "k-d": 3, "k-e": 1 });
    // a1 2 calls, b1 2, c1 2, e1 2, d1-d3 3: nothing sent that was not counted here.
    expect(await notifyCalls()).toBe(11);
    const grants = await db.subscriptionGrant.findMany({ include: { user: true } });
    const byUser = Object.fromEntries(
      grants.map((g) => [g.userId, { credits: g.credits, active: g.active }]),
    );
    expect(byUser).toEqual({
      [users.a]: { credits: 0, active: true },
      [users.b]: { credits: 0, active: true },
      [users.c]: { credits: 0, active: true },
      [users.d]: { credits: 0, active: true },
      [users.e]: { credits: 0, active: true },
    });
    const log = output.join("");
    expect(log.match(/taking over a message whose sender stopped/g)).toHaveLength(3);
    expect(log).not.toContain(env.ADMIN_API_KEY);
    expect(log).not.toContain(env.JWT_SECRET);
  });
});
