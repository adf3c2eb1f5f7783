import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { expectProblem, type LoggedIn, useMeApi } from "./me-fixtures.ts";

const me = useMeApi({ LOCATION_HISTORY_LIMIT: "3", DEVICE_HISTORY_LIMIT: "2" });
let alice: LoggedIn;

beforeAll(async () => {
  alice = await me.login("alice");
});

const put = (url: string, body: unknown, who: LoggedIn | undefined = alice, app?: App) =>
  me.send("PUT", url, who, body, app);

async function expectRefused(url: string, body: unknown, status: number, code: string) {
  return me.refused(() => put(url, body), status, code);
}

describe("PUT /api/me/device", () => {
  it("stores the known fields of tt.getSystemInfo and drops the unknown ones", async () => {
    const info = await me.device.systemInfo("alice");
    expect(info.errMsg).toBe("getSystemInfo:ok");
    const body = {
      ...info,
      hostTheme: "dark",
      safeArea: { ...(info.safeArea as object), notch: true },
      deviceScore: { ...(info.deviceScore as object), npu: 3 },
    };
    const response = await put("/api/me/device", body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      brand: info.brand,
      model: info.model,
      system: info.system,
      platform: info.platform,
      appName: info.appName,
      version: info.version,
      SDKVersion: info.SDKVersion,
      recordedAt: expect.any(String),
    });

    const row = await me.app.db.deviceSnapshot.findFirstOrThrow({
      where: { userId: alice.user.id },
    });
    expect(row).toMatchObject({ brand: info.brand, sdkVersion: info.SDKVersion });
    const { errMsg: _, ...known } = info;
    expect(JSON.parse(row.details)).toEqual(known);
  });

  it("keeps the newest DEVICE_HISTORY_LIMIT reports; /api/me shows the newest", async () => {
    const bob = await me.login("bob");
    const info = await me.device.systemInfo("bob");
    await put("/api/me/device", { ...info, model: "zeroth" }, bob);
    await put("/api/me/device", { ...info, model: "first" }, bob);
    await put("/api/me/device", { ...info, model: "second" }, bob);
    const kept = await me.app.db.deviceSnapshot.findMany({
      where: { userId: bob.user.id },
      orderBy: { createdAt: "asc" },
    });
    expect(kept.map((row) => row.model)).toEqual(["first", "second"]);
    const mine = await me.send("GET", "/api/me", bob);
    expect(mine.json().device).toMatchObject({ model: "second", brand: info.brand });
  });

  it.each([
    ["no brand", { brand: undefined }],
    ["a numeric model", { model: 12 }],
    ["a model of 129 characters", { model: "m".repeat(129) }],
    ["a pixel ratio as text", { pixelRatio: "3" }],
    ["a pixel ratio of 0", { pixelRatio: 0 }],
    ["a negative screen width", { screenWidth: -1 }],
    ["a huge window height", { windowHeight: 1e9 }],
    ["a battery of 101", { battery: 101 }],
    ["a fractional wifi signal", { wifiSignal: 2.5 }],
    ["a wifi signal of 9", { wifiSignal: 9 }],
    ["a safe area as text", { safeArea: "all" }],
    [
      "a safe area without width",
      { safeArea: { left: 0, right: 1, top: 0, bottom: 1, height: 1 } },
    ],
    ["a device score above 10", { deviceScore: { cpu: 11 } }],
    ["a device score as an array", { deviceScore: [1, 2] }],
  ])("answers %s with 400 VALIDATION_FAILED and writes nothing", async (_, change) => {
    const info = await me.device.systemInfo("alice");
    await expectRefused("/api/me/device", { ...info, ...change }, 400, "VALIDATION_FAILED");
  });

  it("answers a non-object with 400, a huge body with 413, no token with 401", async () => {
    await expectRefused("/api/me/device", [], 400, "VALIDATION_FAILED");
    await expectRefused("/api/me/device", null, 400, "VALIDATION_FAILED");
    const info = await me.device.systemInfo("alice");
    await expectRefused(
      "/api/me/device",
      { ...info, filler: "x".repeat(70 * 1024) },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await me.refused(() => me.send("PUT", "/api/me/device", undefined, info), 401, "UNAUTHORIZED");
  });
});

describe("PUT /api/me/location", () => {
  it("stores tt.getLocation's report (wgs84 by default, unknown fields dropped)", async () => {
    const carol = await me.login("carol");
    const location = await me.device.location("carol");
    const response = await put("/api/me/location", { ...location, provider: "gps" }, carol);
    expect(response.statusCode, response.body).toBe(200);
    const { errMsg: _, ...known } = location;
    expect(response.json()).toEqual({
      ...known,
      coordType: "wgs84",
      recordedAt: expect.any(String),
    });

    const gcj = await me.device.location("carol", "gcj02");
    const second = await put("/api/me/location", { ...gcj, coordType: "gcj02" }, carol);
    expect(second.json()).toMatchObject({ coordType: "gcj02", latitude: gcj.latitude });
    expect((await me.send("GET", "/api/me", carol)).json().location).toEqual(second.json());
  });

  it("accepts the bare minimum: latitude and longitude", async () => {
    const dave = await me.login("dave");
    const response = await put("/api/me/location", { latitude: -33.86, longitude: 151.2 }, dave);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      latitude: -33.86,
      longitude: 151.2,
      coordType: "wgs84",
      recordedAt: expect.any(String),
    });
  });

  it("keeps only the newest LOCATION_HISTORY_LIMIT locations of a user", async () => {
    const erin = await me.login("erin");
    const frank = await me.login("frank");
    await put("/api/me/location", { latitude: 1, longitude: 1 }, frank);
    for (let i = 1; i <= 6; i += 1) {
      const response = await put("/api/me/location", { latitude: i, longitude: 100 }, erin);
      expect(response.statusCode).toBe(200);
    }
    const kept = await me.app.locations.history(erin.user.id);
    expect(kept.map((row) => row.latitude)).toEqual([6, 5, 4]);
    // Another user's history is not touched.
    expect(await me.app.db.locationSample.count({ where: { userId: frank.user.id } })).toBe(1);
    expect((await me.send("GET", "/api/me", erin)).json().location.latitude).toBe(6);
  });

  const valid = { latitude: 39.9, longitude: 116.4 };
  it.each([
    ["no longitude", { latitude: 39.9 }],
    ["a latitude of 91", { ...valid, latitude: 91 }],
    ["a latitude of -90.5", { ...valid, latitude: -90.5 }],
    ["a longitude of 181", { ...valid, longitude: 181 }],
    ["a latitude as text", { ...valid, latitude: "39.9" }],
    ["a latitude as null", { ...valid, latitude: null }],
    ["a coordinate system we do not know", { ...valid, coordType: "bd09" }],
    ["a negative accuracy", { ...valid, accuracy: -5 }],
    ["an altitude in orbit", { ...valid, altitude: 400_000 }],
    ["a speed of sound", { ...valid, speed: 343_000 }],
    ["a city of 65 characters", { ...valid, city: "c".repeat(65) }],
    ["a city as a number", { ...valid, city: 1 }],
  ])("answers %s with 400 VALIDATION_FAILED and writes nothing", async (_, body) => {
    await expectRefused("/api/me/location", body, 400, "VALIDATION_FAILED");
  });

  it("answers numbers JSON cannot hold finitely (1e400) with 400", async () => {
    const before = await me.rows();
    const response = await me.app.inject({
      method: "PUT",
      url: "/api/me/location",
      headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/json" },
      payload: '{"latitude": 1e400, "longitude": 1}',
    });
    expectProblem(response, 400, "VALIDATION_FAILED");
    expect(await me.rows()).toEqual(before);
  });

  it("answers a huge body with 413 and no token with 401", async () => {
    await expectRefused(
      "/api/me/location",
      { ...valid, filler: "x".repeat(70 * 1024) },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const before = await me.rows();
    expectProblem(await me.send("PUT", "/api/me/location", undefined, valid), 401, "UNAUTHORIZED");
    expect(await me.rows()).toEqual(before);
  });
});
