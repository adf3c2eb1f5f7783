// Builds the API against a real emulator (over HTTP on loopback) and a temporary SQLite file per
// test file, the way fastify/demo's helper does; tests use inject() or listen on port 0.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TransactionClient } from "@tt/db";
import { startEmulator } from "@tt/emulator";
import {
  apiTestEnv,
  type DeviceCodes,
  deviceLogin as deviceLoginOn,
  resetFaultsAndClock,
  testDatabaseUrl,
} from "@tt/test-support";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll } from "vitest";
import { buildApp } from "../src/app.ts";
import { type AppConfig, emulatorDefaultApp, loadConfig } from "../src/config.ts";
import type { UnitOfWork } from "../src/lib/unit-of-work.ts";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The API's test settings against the emulator at `emulatorUrl`, with a database of its own. */
export function testEnv(dir: string, emulatorUrl: string, name = "api") {
  return apiTestEnv(dir, emulatorUrl, { DATABASE_URL: testDatabaseUrl(dir, name) });
}

/** Every log line the app wrote, as text, for tests that search them. */
export class LogCapture {
  readonly lines: string[] = [];
  write(line: string) {
    this.lines.push(line);
  }
  get text() {
    return this.lines.join("");
  }
}

/**
 * Starts an emulator for the test file, and gives a function that builds an app (closed after the
 * file) with the emulator as its platform. `overrides` change single variables.
 */
export function useApi() {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-api-"));
  const context = { emulator: undefined as unknown as Emulator, dir };
  const apps: { close(): Promise<unknown> }[] = [];
  let built = 0;

  beforeAll(async () => {
    context.emulator = await startEmulator({ port: 0, seed: "api-tests", logger: false });
  });
  afterEach(async () => {
    if (context.emulator) await resetFaultsAndClock(context.emulator.url);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await context.emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function build(overrides: Record<string, string> = {}) {
    built += 1;
    const config: AppConfig = loadConfig({
      ...testEnv(dir, context.emulator.url, `api-${built}`),
      ...overrides,
    });
    const logs = new LogCapture();
    const app = await buildApp(config, { logStream: logs });
    apps.push(app);
    return { app, config, logs };
  }

  return Object.assign(context, { build });
}

/** What the phone does before calling our API: tt.login on the emulator's device side. */
export function deviceLogin(
  emulator: Emulator,
  body: { appid?: string; user?: string; loggedIn?: boolean } = {},
): Promise<DeviceCodes> {
  return deviceLoginOn(emulator.url, body);
}

export async function emulatorSession(emulator: Emulator, user: string, appid?: string) {
  const query = new URLSearchParams({ user, appid: appid ?? emulatorDefaultApp.appid });
  const response = await fetch(`${emulator.url}/emulator/session?${query}`);
  if (!response.ok) throw new Error(`emulator session: ${response.status}`);
  return (await response.json()) as {
    openid: string;
    unionid: string;
    anonymousOpenid: string;
    sessionKey: string;
  };
}

export async function postJson<T>(emulator: Emulator, pathname: string, body: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** `real` with its `db` or `write` swapped: for a test that makes one kind of storage call fail. */
export function delegatingUnit(
  real: UnitOfWork,
  change: { db?: () => TransactionClient; write?: UnitOfWork["write"] },
): UnitOfWork {
  return {
    run: (work) => real.run(work),
    get db() {
      return change.db === undefined ? real.db : change.db();
    },
    lockUser: (userId) => real.lockUser(userId),
    read: (sql, params, columns) => real.read(sql, params, columns),
    write: change.write ?? ((work, options) => real.write(work, options)),
  };
}

/** Registers a service plugin on a bare object holding `decorations`; answers what it decorated. */
export async function registerOnHost(
  plugin: (host: FastifyInstance) => Promise<void>,
  decorations: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const host: Record<string, unknown> = { ...decorations };
  host.decorate = (name: string, value: unknown) => {
    host[name] = value;
  };
  await plugin(host as unknown as FastifyInstance);
  return host;
}
