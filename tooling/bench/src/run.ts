// pnpm bench: the hot routes of the built API against their hand-written limit, bare Fastify and
// Express + Prisma, on SQLite and PostgreSQL, interleaved rounds, autocannon on loopback.
// Prints a table; writes bench/results.json and bench/results.md. Not part of `pnpm test`.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { drive, type LoadResult } from "./load.ts";
import {
  answersOk,
  benchServerArgs,
  freePort,
  type Running,
  repoRoot,
  startServer,
} from "./processes.ts";
import { type Measurement, markdownReport, type Report, textReport } from "./report.ts";
import { DEVICE_REPORT, loginCode, seedUser } from "./seed.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "50" },
    postgres: { type: "string", default: "postgresql://root@127.0.0.1:5432/test" },
    databases: { type: "string", default: "sqlite,postgresql" },
    out: { type: "string", default: path.join(repoRoot, "bench") },
    // Also times `pnpm test` (about 2 minutes more; not in the 5-minute budget).
    "with-tests": { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const APP = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
/** One of the emulator app's one-time templates (packages/emulator/src/state/templates.ts). */
const TEMPLATE = "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41";
const LOGIN_PERSONAS = 200;

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const started = performance.now();

log("building the API (pnpm build --filter=@tt/api)");
await promisify(execFile)("pnpm", ["build", "--filter=@tt/api"], { cwd: repoRoot });

const tmp = mkdtempSync(path.join(tmpdir(), "tt-bench-"));
const running: Running[] = [];
const measurements: Measurement[] = [];
const startups: Report["startups"] = [];

async function start(name: string, file: string, port: number, databaseUrl = "") {
  const server = await startServer({
    name,
    port,
    args: benchServerArgs(file, { ...secrets, ...APP, port, databaseUrl, emulatorUrl }),
    ready: async (url) => (await fetch(url).catch(() => undefined)) !== undefined,
  });
  running.push(server);
  return server;
}

const secrets = {
  jwtSecret: randomBytes(48).toString("base64"),
  sessionKeyEncryptionKey: randomBytes(32).toString("base64"),
};
/** Both API processes share a database, so they encrypt phone numbers with the same key. */
const phoneEncryptionKey = randomBytes(32).toString("base64");
const OURS = "ours (built API)";
const LEAN = "ours, --optimize-for-size";
const emulatorPort = await freePort();
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

try {
  await start("emulator", "emulator.ts", emulatorPort);
  const bare = await start("bare Fastify", "bare.ts", await freePort());
  await measure("sqlite", "GET /constant", bare, { method: "GET", path: "/constant" }, true);

  for (const database of values.databases.split(",")) {
    const databaseUrl = await databaseUrlFor(database);
    if (databaseUrl === undefined) {
      log(`${database}: not reachable at ${values.postgres}, skipped`);
      continue;
    }
    await benchDatabase(database, databaseUrl);
  }
} finally {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(tmp, { recursive: true, force: true });
}

const testSuiteSeconds = values["with-tests"] ? await timeTestSuite() : undefined;

const report: Report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "", node: process.version },
  settings: { seconds, rounds, connections },
  startups,
  measurements,
  ...(testSuiteSeconds === undefined ? {} : { testSuiteSeconds }),
  durationSeconds: Math.round((performance.now() - started) / 1000),
};
mkdirSync(values.out, { recursive: true });
writeFileSync(path.join(values.out, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(values.out, "results.md"), markdownReport(report));
process.stdout.write(`\n${textReport(report)}\n`);
log(
  `done in ${report.durationSeconds} s; wrote ${path.relative(repoRoot, values.out)}/results.{json,md}`,
);

async function databaseUrlFor(database: string): Promise<string | undefined> {
  if (database === "sqlite") return `file:${path.join(tmp, "bench.db")}`;
  const client = new pg.Client({ connectionString: values.postgres });
  try {
    await client.connect();
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  return `${values.postgres}?schema=tt_bench_${Date.now()}`;
}

async function dropSchema(databaseUrl: string) {
  const schema = new URL(databaseUrl).searchParams.get("schema");
  const client = new pg.Client({ connectionString: values.postgres });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

async function benchDatabase(database: string, databaseUrl: string) {
  const ours = await startApi(database, databaseUrl, OURS, [], "bench-me");
  // The same build under V8's --optimize-for-size: the memory it saves, and what it costs.
  const lean = await startApi(database, databaseUrl, LEAN, ["--optimize-for-size"], "bench-lean");
  const api = ours.server;

  const limit = await start("hand-written limit", "limit.ts", await freePort(), databaseUrl);
  const express = await start(
    "Express + Prisma",
    "express-prisma.ts",
    await freePort(),
    databaseUrl,
  );
  const auth = { authorization: `Bearer ${ours.user.accessToken}` };
  const me = { method: "GET", path: "/api/me", headers: auth } as const;
  const leanMe = {
    ...me,
    headers: { authorization: `Bearer ${lean.user.accessToken}` },
  } as const;
  const device = {
    method: "PUT",
    path: "/api/me/device",
    headers: auth,
    body: JSON.stringify(DEVICE_REPORT),
  } as const;
  const login = { method: "POST", path: "/api/auth/login" } as const;

  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order each round, so neither side always runs on a warmer machine.
    const order = <T>(list: T[]) => (round % 2 === 0 ? list : [...list].reverse());
    for (const server of order([limit, api, lean.server, express])) {
      await measure(
        database,
        "GET /api/me",
        server,
        server === lean.server ? leanMe : me,
        round === 0,
      );
    }
    for (const server of order([limit, api])) {
      await measure(database, "PUT /api/me/device", server, device, round === 0);
    }
    for (const server of order([limit, api])) {
      const codes = await issueCodes(Math.ceil(seconds * 1500) + (round === 0 ? 3000 : 0));
      const body = () => JSON.stringify({ code: codes.pop() ?? "pool-exhausted" });
      await measure(database, "POST /api/auth/login", server, { ...login, body }, round === 0);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const { server, startup } of [ours, lean]) {
    startups.push({ ...startup, restingRssMb: round(server.rssMb()) });
  }
  for (const server of [limit, express, api, lean.server]) {
    await server.stop();
    running.splice(running.indexOf(server), 1);
  }
  if (database === "postgresql") await dropSchema(databaseUrl);
}

/**
 * Starts the built API (as the Dockerfile and the systemd unit run it, with `nodeFlags` added),
 * notes its RSS at ready, signs one user up through it and notes its RSS a second later.
 */
async function startApi(
  database: string,
  databaseUrl: string,
  name: string,
  nodeFlags: string[],
  persona: string,
) {
  const port = await freePort();
  const server = await startServer({
    name,
    port,
    args: [...nodeFlags, "apps/api/dist/server.js"],
    env: {
      NODE_ENV: "production",
      MALLOC_ARENA_MAX: "2",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      DOUYIN_ENVIRONMENT: "emulator",
      DOUYIN_APP_ID: APP.appid,
      DOUYIN_APP_SECRET: APP.secret,
      DOUYIN_EMULATOR_URL: emulatorUrl,
      JWT_SECRET: secrets.jwtSecret,
      SESSION_KEY_ENCRYPTION_KEY: secrets.sessionKeyEncryptionKey,
      PHONE_ENCRYPTION_KEY: phoneEncryptionKey,
      RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    },
    ready: answersOk("/readyz"),
  });
  running.push(server);
  const readyRssMb = round(server.rssMb());
  const user = await seedUser(server.url, emulatorUrl, persona, TEMPLATE);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const startup = {
    database,
    server: name,
    readyMs: Math.round(server.startMs),
    readyRssMb,
    idleRssMb: round(server.rssMb()),
  };
  log(`${database}: ${name} was ready ${startup.readyMs} ms after spawn`);
  return { server, user, startup };
}

async function measure(
  database: string,
  route: string,
  server: Running,
  request: Omit<Parameters<typeof drive>[0], "server" | "connections" | "seconds">,
  warmUp: boolean,
) {
  if (warmUp) await drive({ ...request, server, connections, seconds: 2 });
  const result: LoadResult = await drive({ ...request, server, connections, seconds });
  measurements.push({ database, route, server: server.name, ...result });
  log(
    `${database} ${route} ${server.name}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms${result.failures > 0 ? `, ${result.failures} failures` : ""}`,
  );
}

/** Fresh single-use login codes from the emulated phones of LOGIN_PERSONAS people. */
async function issueCodes(count: number): Promise<string[]> {
  const codes: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const persona = `bench-login-${next % LOGIN_PERSONAS}`;
        next += 1;
        codes.push(await loginCode(emulatorUrl, persona));
      }
    }),
  );
  return codes;
}

/** `pnpm test`'s wall time, with the caller's environment (TEST_DATABASE_URL…). */
async function timeTestSuite(): Promise<number> {
  log("timing the test suite (pnpm test)");
  const begun = performance.now();
  await promisify(execFile)("pnpm", ["test"], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return Math.round((performance.now() - begun) / 1000);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
