// One full run of every route, logged at trace level, then a search of every log line for every
// secret value the run used: codes, session keys, tokens, keys, phone numbers, ciphertexts.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { deviceLogin, emulatorSession, postJson, useApi } from "./helper.ts";
import {
  adminHeaders,
  deviceSubscribe,
  messagingEnv,
  settled,
  templates,
} from "./outbox-helpers.ts";

const api = useApi();

interface Session {
  accessToken: string;
  refreshToken: string;
}

it("leaves no secret of a full run in the log", async () => {
  const { app, logs } = await api.build({ ...messagingEnv, LOG_LEVEL: "trace" });
  const secrets = new Set<string>([
    app.config.jwtSecret,
    app.config.douyin.secret,
    app.config.adminApiKey ?? "",
    app.config.phone.encryptionKey.toString("base64"),
    app.config.sessionKeyEncryptionKey.toString("base64"),
  ]);
  const remember = (...values: (string | undefined)[]) => {
    for (const value of values) if (value && value.length >= 6) secrets.add(value);
  };
  /** Each call must answer exactly as planned: a 400 would silently skip the route's logging. */
  const inject = async (
    method: "GET" | "POST" | "PUT",
    url: string,
    status: number,
    body?: unknown,
    token?: string,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response;
  };
  const persona = "log-secrets";

  // Login, a refused reuse of the code, a refresh.
  const device = await deviceLogin(api.emulator, { user: persona });
  remember(device.code, device.anonymousCode);
  const session = (
    await inject("POST", "/api/auth/login", 200, {
      code: device.code,
      anonymousCode: device.anonymousCode,
    })
  ).json() as Session;
  await inject("POST", "/api/auth/login", 401, { code: device.code });
  const refreshed = (
    await inject("POST", "/api/auth/refresh", 200, { refreshToken: session.refreshToken })
  ).json() as Session;
  remember(
    session.accessToken,
    session.refreshToken,
    refreshed.accessToken,
    refreshed.refreshToken,
  );
  remember((await emulatorSession(api.emulator, persona)).sessionKey);
  const token = refreshed.accessToken;

  // Profile, and a tampered one.
  const profile = await postJson<Record<string, string>>(api.emulator, "/device/user-profile", {
    user: persona,
  });
  remember(profile.encryptedData, profile.iv, profile.signature);
  await inject("PUT", "/api/me/profile", 200, profile, token);
  const tampered = { ...profile, signature: "0".repeat(40) };
  await inject("PUT", "/api/me/profile", 400, tampered, token);

  // Phone, both flows.
  const encrypted = await postJson<Record<string, string>>(api.emulator, "/device/phone-number", {
    user: persona,
    flow: "encrypted",
  });
  remember(encrypted.encryptedData, encrypted.iv);
  const { encryptedData, iv } = encrypted;
  const phone = (await inject("PUT", "/api/me/phone", 200, { encryptedData, iv }, token)).json();
  expect(phone.masked).toMatch(/\*{4}/);
  const byCode = await postJson<{ code: string }>(api.emulator, "/device/phone-number", {
    user: persona,
    flow: "code",
  });
  remember(byCode.code);
  await inject("PUT", "/api/me/phone", 200, { code: byCode.code }, token);
  const number = (await (
    await fetch(`${api.emulator.url}/device/phone-number`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: persona, flow: "encrypted" }),
    })
  ).json()) as Record<string, string>;
  remember(number.encryptedData);

  // Device, location, address.
  const systemInfo = await (
    await fetch(`${api.emulator.url}/device/system-info?user=${persona}`)
  ).json();
  await inject("PUT", "/api/me/device", 200, systemInfo, token);
  const location = (await (
    await fetch(`${api.emulator.url}/device/location?user=${persona}`)
  ).json()) as Record<string, unknown>;
  await inject("PUT", "/api/me/location", 200, { ...location, coordType: "wgs84" }, token);
  const address = (await (
    await fetch(`${api.emulator.url}/device/address?user=${persona}`)
  ).json()) as {
    telNumber: string;
  };
  remember(address.telNumber);
  await inject("PUT", "/api/me/address", 200, address, token);

  // Subscribe, send, webhook.
  const result = await deviceSubscribe(api.emulator, {
    user: persona,
    tmplIds: [templates.shipping.id],
  });
  await inject("POST", "/api/me/subscriptions", 200, { result }, token);
  const me = (await inject("GET", "/api/me", 200, undefined, token)).json();
  const queued = await app.inject({
    method: "POST",
    url: "/api/admin/messages",
    headers: adminHeaders(app),
    payload: {
      userId: me.user.id,
      templateId: templates.shipping.id,
      data: templates.shipping.data,
    },
  });
  expect(queued.statusCode).toBe(202);
  expect((await settled(app, queued.json().id)).status).toBe("sent");
  const body = JSON.stringify({ event: "verify_webhook", content: { challenge: 7 } });
  const signature = createHash("sha1")
    .update(app.config.douyin.webhookSecret + body)
    .digest("hex");
  remember(signature);
  const webhook = await app.inject({
    method: "POST",
    url: "/api/douyin/webhook",
    headers: {
      "content-type": "application/json",
      "x-douyin-signature": signature,
      "msg-id": "m-1",
    },
    payload: body,
  });
  expect(webhook.statusCode).toBe(200);

  // The platform tokens the API fetched along the way.
  const issued = (await (await fetch(`${api.emulator.url}/emulator/tokens`)).json()) as {
    tokens: { token: string }[];
  };
  expect(issued.tokens.length).toBeGreaterThan(0);
  for (const { token: platformToken } of issued.tokens) remember(platformToken);
  // Kept in the database for every API process, but sealed.
  const stored = JSON.stringify(await app.db.douyinToken.findMany());
  expect(stored).toContain("v1.");
  for (const { token: platformToken } of issued.tokens) expect(stored).not.toContain(platformToken);

  // The full phone number, as the platform disclosed it.
  const disclosed = me.phone?.masked as string;
  expect(disclosed).toBeTruthy();
  const storedPhone = await app.db.userPhone.findUniqueOrThrow({ where: { userId: me.user.id } });
  remember(storedPhone.phoneCiphertext);

  expect(logs.lines.length).toBeGreaterThan(30);
  const text = logs.text;
  for (const secret of secrets) {
    if (secret)
      expect(text.includes(secret), `a secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
  }
  const digits = await phoneNumberOf(persona);
  expect(text).not.toContain(digits);
});

/** The persona's number, decrypted the way a test may: through the emulator's own key. */
async function phoneNumberOf(persona: string): Promise<string> {
  const answer = await postJson<{ encryptedData: string; iv: string }>(
    api.emulator,
    "/device/phone-number",
    {
      user: persona,
      flow: "encrypted",
    },
  );
  const { sessionKey } = await emulatorSession(api.emulator, persona);
  const { createDecipheriv } = await import("node:crypto");
  const decipher = createDecipheriv(
    "aes-128-cbc",
    Buffer.from(sessionKey, "base64"),
    Buffer.from(answer.iv, "base64"),
  );
  const plain = Buffer.concat([
    decipher.update(Buffer.from(answer.encryptedData, "base64")),
    decipher.final(),
  ]).toString("utf8");
  const { purePhoneNumber } = JSON.parse(plain) as { purePhoneNumber: string };
  return purePhoneNumber;
}
