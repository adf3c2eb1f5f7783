import { describe, expect, it } from "vitest";
import { emulatorSession } from "./helper.ts";
import { decryptForSession, useMeApi } from "./me-fixtures.ts";

const me = useMeApi();

describe("GET /api/me", () => {
  it("answers a new user with nulls and no grants", async () => {
    const alice = await me.login("alice");
    const response = await me.send("GET", "/api/me", alice);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: alice.user,
      profile: null,
      phone: null,
      device: null,
      location: null,
      grants: [],
    });
  });

  it("answers everything the user disclosed, the phone number masked, and the grants", async () => {
    const bob = await me.login("bob");
    const put = async (url: string, body: unknown) => {
      const response = await me.send("PUT", url, bob, body);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };
    const profile = await put("/api/me/profile", await me.device.profile("bob"));
    const phone = await put("/api/me/phone", await me.device.phoneEncrypted("bob"));
    await put("/api/me/device", { ...(await me.device.systemInfo("bob")), model: "older" });
    const device = await put("/api/me/device", await me.device.systemInfo("bob"));
    await put("/api/me/location", { latitude: 1, longitude: 2 });
    const location = await put("/api/me/location", await me.device.location("bob", "wgs84"));
    await me.app.db.subscriptionGrant.createMany({
      data: [
        { userId: bob.user.id, templateId: "MSG-b", kind: "long-term", credits: 0, active: false },
        { userId: bob.user.id, templateId: "MSG-a", kind: "one-time", credits: 2 },
      ],
    });

    const response = await me.send("GET", "/api/me", bob);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: bob.user,
      profile,
      phone,
      device,
      location,
      grants: [
        { templateId: "MSG-a", kind: "one-time", credits: 2, active: true },
        { templateId: "MSG-b", kind: "long-term", credits: 0, active: false },
      ],
    });
    expect(phone.masked).toMatch(/^138\*{4}\d{4}$/);

    const { sessionKey } = await emulatorSession(me.api.emulator, "bob");
    const { encryptedData, iv } = await me.device.phoneEncrypted("bob");
    const number = decryptForSession(sessionKey, encryptedData, iv).purePhoneNumber as string;
    expect(response.body).not.toContain(number);
    expect(me.logs.text).not.toContain(number);
    expect(me.logs.text).not.toContain(sessionKey);
  });

  it("is documented in the OpenAPI document with its problem answers", async () => {
    const document = (await me.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    };
    const routes: [string, string, string[]][] = [
      ["/api/me", "get", ["200", "401"]],
      ["/api/me/profile", "put", ["200", "400", "401", "413"]],
      ["/api/me/phone", "put", ["200", "400", "401", "403", "429", "502", "503"]],
      ["/api/me/device", "put", ["200", "400", "401"]],
      ["/api/me/location", "put", ["200", "400", "401"]],
      ["/api/me/address", "put", ["200", "400", "401"]],
      ["/api/me/addresses", "get", ["200", "401"]],
    ];
    for (const [path, method, statuses] of routes) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      for (const status of statuses) {
        expect(operation?.responses[status], `${method} ${path} ${status}`).toBeDefined();
      }
      expect(operation?.responses["401"]?.content).toHaveProperty("application/problem+json");
    }
  });
});
