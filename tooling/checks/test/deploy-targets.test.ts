// What the deploy files do, run as far as a machine without a Docker daemon or systemd can. The
// README's build and pnpm deploy commands run once into a folder that stands for the image's /app
// and the VM's /opt/tt-api (one build: two files building apps/api/dist at once would race).
// - Dockerfile: its build stage's commands (the install is the one CI has just run), then its final
//   stage as the image would run it: the deployed folder alone (no repository around it, no tsx)
//   with the image's environment, healthy by the image's own HEALTHCHECK command. What stays
//   unrun: the base image, apt, the `node` user.
// - deploy/systemd/tt-api.service: its ExecStart in that folder with its Environment= lines and an
//   env file standing for /etc/tt/api.env, as systemd would start it; SIGTERM stops it cleanly.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile, repoRoot } from "../src/repo.ts";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "tt-deploy-targets-"));
/** The deployed API: the image's /app, the VM's /opt/tt-api. */
const app = path.join(dir, "app");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await run("pnpm", ["build", "--filter=@tt/api"], { cwd: repoRoot });
  await run("pnpm", ["--filter=@tt/api", "deploy", "--prod", app], { cwd: repoRoot });
}, 120_000);

const dockerfile = readRepoFile("Dockerfile").replace(/\\\n\s*/g, "");
const [buildStage = "", finalStage = ""] = dockerfile.split(/^FROM .*$/m).slice(1);
const instructions = (stage: string, keyword: string) =>
  [...stage.matchAll(new RegExp(`^${keyword} (.*)$`, "gm"))].map((match) => match[1] ?? "");

/** The image's ENV, as name → value. */
function imageEnv(): Record<string, string> {
  return Object.fromEntries(
    instructions(finalStage, "ENV").flatMap((line) =>
      [...line.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1] ?? "", match[2] ?? ""]),
    ),
  );
}

describe("Dockerfile", () => {
  it("builds with the commands this test ran", () => {
    const runs = instructions(buildStage, "RUN");
    expect(runs).toContain("pnpm install --frozen-lockfile");
    expect(runs).toContain("pnpm build --filter=@tt/api");
    expect(runs).toContain("pnpm --filter=@tt/api deploy --prod /app");
  });

  it("ships the bundle and production dependencies only: no sources, no TypeScript tools", () => {
    expect(readdirSync(path.join(app, "dist")).sort()).toEqual(
      expect.arrayContaining(["migrate.js", "migrations", "server.js"]),
    );
    expect(existsSync(path.join(app, "src"))).toBe(false);
    for (const tool of ["tsx", "typescript", "prisma", "@prisma/client", "vitest"]) {
      expect(existsSync(path.join(app, "node_modules", tool)), tool).toBe(false);
    }
    expect(instructions(finalStage, "USER")).toEqual(["node"]);
    expect(instructions(finalStage, "CMD")).toEqual(['["node", "dist/server.js"]']);
  });

  it("runs as the image would, and its HEALTHCHECK says healthy", async () => {
    const env = imageEnv();
    expect(env).toMatchObject({ NODE_ENV: "production", PORT: "8000" });
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const server = spawn(process.execPath, ["dist/server.js"], {
      cwd: app,
      env: {
        PATH: process.env.PATH ?? "",
        ...env,
        PORT: port,
        DATABASE_URL: `file:${path.join(dir, "data", "app.db")}`,
        DOUYIN_APP_ID: "tt_image_test",
        DOUYIN_APP_SECRET: randomBytes(16).toString("hex"),
        JWT_SECRET: randomBytes(48).toString("base64"),
        SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        PHONE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    server.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    try {
      const healthcheck = JSON.parse(
        /CMD (\[.*\])$/m.exec(instructions(finalStage, "HEALTHCHECK").join("\n"))?.[1] ?? "[]",
      ) as string[];
      expect(healthcheck[0]).toBe("node");
      const check = () =>
        run(process.execPath, healthcheck.slice(1), { env: { PATH: "", PORT: port } }).then(
          () => true,
          () => false,
        );
      const deadline = Date.now() + 20_000;
      while (!(await check())) {
        if (Date.now() > deadline || server.exitCode !== null) {
          throw new Error(`never healthy:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).toMatch(/"msg":"applied migrations"/);
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("close", resolve));
    }
    expect(output).toMatch(/"msg":"closing"/);
  });
});

const unit = readRepoFile("deploy/systemd/tt-api.service");
const readme = readRepoFile("README.md");
const setting = (name: string) =>
  [...unit.matchAll(new RegExp(`^${name}=(.*)$`, "gm"))].map((match) => match[1] ?? "");

describe("the systemd unit", () => {
  it("is what the README's VM steps install", () => {
    const vm = readme.slice(readme.indexOf("### On a VM (systemd)"));
    expect(vm).toContain("sudo pnpm --filter=@tt/api deploy --prod /opt/tt-api\n");
    expect(vm).toContain("sudo cp deploy/systemd/tt-api.service /etc/systemd/system/\n");
    expect(vm).toContain("sudo useradd --system --no-create-home --shell /usr/sbin/nologin tt-api");
    expect(setting("User")).toEqual(["tt-api"]);
    expect(setting("KillSignal")).toEqual(["SIGTERM"]);
  });

  it("starts the deployed API with its settings, and SIGTERM stops it cleanly", async () => {
    const opt = app;

    const state = path.join(dir, "var-lib-tt-api");
    mkdirSync(state, { mode: 0o700 });
    const envFile = path.join(dir, "api.env");
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    writeFileSync(
      envFile,
      [
        `DOUYIN_APP_ID=tt${randomBytes(8).toString("hex")}`,
        `DOUYIN_APP_SECRET=${randomBytes(20).toString("hex")}`,
        `JWT_SECRET=${randomBytes(48).toString("base64")}`,
        `SESSION_KEY_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
        `PHONE_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
        `PORT=${port}`,
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    // The unit's paths, moved into this test's folder.
    const moved = (text: string) =>
      text
        .replaceAll("/opt/tt-api", opt)
        .replaceAll("/etc/tt/api.env", envFile)
        .replaceAll("/var/lib/tt-api", state);
    const environment = Object.fromEntries(
      setting("Environment").map((line) => {
        const at = line.indexOf("=");
        return [line.slice(0, at), moved(line.slice(at + 1))];
      }),
    );
    expect(environment).toMatchObject({ NODE_ENV: "production" });
    const [node, ...args] = moved(setting("ExecStart")[0] ?? "").split(" ");
    expect(node).toBe("/usr/bin/node");

    const api = spawn(process.execPath, args, {
      cwd: moved(setting("WorkingDirectory")[0] ?? ""),
      env: { PATH: process.env.PATH ?? "", ...environment },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [api.stdout, api.stderr]) {
      stream?.on("data", (chunk) => {
        output += chunk;
      });
    }
    const closed = new Promise<number | null>((resolve) => api.once("close", resolve));
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (response) => response.status,
          () => 0,
        );
        if (ready === 200) break;
        if (Date.now() > deadline || api.exitCode !== null)
          throw new Error(`not ready:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      api.kill("SIGTERM");
    }
    expect(await closed).toBe(0);
    expect(output).toMatch(/"msg":"closing"/);
    expect(existsSync(path.join(state, "app.db"))).toBe(true);
  });
});

describe("compose.yaml", () => {
  const compose = readRepoFile("compose.yaml");
  /** The `KEY: value` lines of the api service's environment block. */
  const apiEnvironment = () => {
    const block = /^ {4}environment:\n((?: {6}.*\n|\s*#.*\n)+)/m.exec(compose)?.[1] ?? "";
    return Object.fromEntries(
      [...block.matchAll(/^ {6}([A-Z_][A-Z0-9_]*): "?([^"\n]*)"?$/gm)].map((match) => [
        match[1] ?? "",
        match[2] ?? "",
      ]),
    );
  };

  it("builds the Dockerfile and sets only variables the API reads", () => {
    expect(compose).toMatch(/^ {4}build: \.$/m);
    const environment = apiEnvironment();
    expect(Object.keys(environment).sort()).toEqual(["DATABASE_URL", "NODE_ENV", "PORT"]);
    const documented = readRepoFile(".env.example");
    for (const name of Object.keys(environment)) {
      expect(documented, name).toMatch(new RegExp(`^#? ?${name}=`, "m"));
    }
    expect(environment.DATABASE_URL).toMatch(/^postgresql:\/\/tt:tt@postgres:5432\/tt$/);
    expect(environment.PORT).toBe(instructions(finalStage, "EXPOSE")[0]);
  });

  it("starts the API after PostgreSQL answers", () => {
    expect(compose).toMatch(/depends_on:\n {6}postgres:\n {8}condition: service_healthy/);
    expect(compose).toMatch(/test: \["CMD", "pg_isready"/);
  });
});
