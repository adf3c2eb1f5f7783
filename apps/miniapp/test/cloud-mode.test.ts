/**
 * Douyin Cloud mode, end to end: a build with MINIAPP_CLOUD_ENV_ID reaches the API only through
 * Cloud.callContainer (tt.createCloud in real mode, the emulator's gateway in emulator mode); the
 * API (a child process with DOUYIN_CLOUD=true) learns who calls from the gateway's headers.
 */
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type SimulatedTt,
} from "@tt/emulator/tt-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexData } from "./support/index-page.ts";
import { untilQuiet } from "./support/quiet.ts";
import { emulatorAppid as appid, openidOf, type Stack, useStack } from "./support/stack.ts";

const cloud = { MINIAPP_CLOUD_ENV_ID: "tt-emulator-env", MINIAPP_CLOUD_SERVICE_ID: "tt-api" };
const api = { DOUYIN_CLOUD: "true" };

const realMode = useStack("cloud-real", { build: () => ({ MINIAPP_APPID: appid, ...cloud }), api });
const emulatorMode = useStack("cloud-emulator", {
  build: ({ emulatorUrl }) => ({ MINIAPP_EMULATOR_URL: emulatorUrl, ...cloud }),
  api,
});

const programs: MiniProgram[] = [];
afterAll(() => {
  for (const program of programs) program.close();
});

/** Points the emulator's Douyin Cloud environment at the stack's API. */
async function routeGatewayTo(stack: Stack) {
  const response = await fetch(
    `${stack.emulator.url}/emulator/cloud/environments/${cloud.MINIAPP_CLOUD_ENV_ID}`,
    {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        appid,
        serviceID: cloud.MINIAPP_CLOUD_SERVICE_ID,
        serviceUrl: stack.api.url,
      }),
    },
  );
  expect(response.status).toBe(200);
}

async function launch(stack: Stack, tt: SimulatedTt): Promise<IndexData> {
  const program = loadMiniProgram(stack.dist, { tt });
  programs.push(program);
  program.launch();
  const data = await program
    .openPage<IndexData>("pages/index/index")
    .waitFor((page) => page.status !== "loading" && !page.busy, 20_000);
  await untilQuiet(tt, 10_000);
  return data;
}

const apiRequests = (tt: SimulatedTt, stack: Stack) =>
  tt.$sim.requests.filter((request) => request.url.startsWith(stack.api.url));

describe("Douyin Cloud mode", () => {
  beforeAll(async () => {
    await routeGatewayTo(realMode);
    await routeGatewayTo(emulatorMode);
  });

  it("real mode: logs in through tt.createCloud().callContainer, never tt.request", async () => {
    const tt = createTt({
      emulatorUrl: realMode.emulator.url,
      appid,
      user: "cloud-e2e",
      privacyAgreed: true,
    });
    const data = await launch(realMode, tt);
    expect(data.error).toBeNull();
    expect(data.user).toMatchObject({
      isGuest: false,
      openid: await openidOf(realMode.emulator, "cloud-e2e"),
    });
    expect(apiRequests(tt, realMode)).toEqual([]);
    expect(
      tt.$sim.containerCalls.map((call) => `${call.method} ${call.path} ${call.statusCode}`),
    ).toEqual(["POST /api/auth/login 200", "PUT /api/me/device 200"]);
    expect(tt.$sim.containerCalls[0]).toMatchObject({
      envID: cloud.MINIAPP_CLOUD_ENV_ID,
      serviceID: cloud.MINIAPP_CLOUD_SERVICE_ID,
    });
  }, 30_000);

  it("emulator mode: the emulator's gateway carries the API calls", async () => {
    const tt = createTt({ emulatorUrl: emulatorMode.emulator.url, privacyAgreed: true });
    const data = await launch(emulatorMode, tt);
    expect(data.error).toBeNull();
    expect(data.user?.isGuest).toBe(false);
    expect(apiRequests(tt, emulatorMode)).toEqual([]);
    const gateway = tt.$sim.requests.filter(
      (request) => new URL(request.url).pathname === "/device/cloud/call-container",
    );
    expect(gateway.map((request) => (request.data as { path: string }).path)).toEqual([
      "/api/auth/login",
      "/api/me/device",
    ]);
  }, 30_000);
});
