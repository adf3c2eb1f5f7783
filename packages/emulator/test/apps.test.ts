import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import {
  DEFAULT_APP,
  DEFAULT_APP_KEYS,
  DEFAULT_APP_TEMPLATES,
  type RunningEmulator,
  SECOND_APP,
  SECOND_APP_KEYS,
  SECOND_APP_TEMPLATES,
  startEmulator,
} from "../src/index.ts";
import { get } from "./support/http.ts";

const spkiOf = (pem: string) => createPublicKey(pem).export({ type: "spki", format: "der" });

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "apps-tests" });
});
afterAll(() => emulator.close());

describe("default apps", () => {
  it("come with 2-3 subscription templates each, of realistic shape", () => {
    for (const templates of [DEFAULT_APP_TEMPLATES, SECOND_APP_TEMPLATES]) {
      expect(templates.length).toBeGreaterThanOrEqual(2);
      expect(templates.length).toBeLessThanOrEqual(3);
      for (const template of templates) {
        expect(template.templateId).toMatch(/^MSG[0-9a-f]{30,}$/);
        expect(["one-time", "long-term"]).toContain(template.kind);
        expect(template.keywords.length).toBeGreaterThan(0);
      }
    }
    const kinds = DEFAULT_APP_TEMPLATES.map((template) => template.kind);
    expect(kinds).toContain("one-time");
    expect(kinds).toContain("long-term");
  });

  it("have committed test key pairs whose halves belong together", () => {
    for (const keys of [DEFAULT_APP_KEYS, SECOND_APP_KEYS]) {
      expect(keys.publicKeyPath).toMatch(/packages\/emulator\/fixtures\/.+\.public\.pem$/);
      expect(readFileSync(keys.privateKeyPath, "utf8")).toBe(keys.privateKey);
      expect(keys.publicKey).toContain("-----BEGIN PUBLIC KEY-----");
      expect(spkiOf(keys.privateKey).equals(spkiOf(keys.publicKey))).toBe(true);
      expect(createPublicKey(keys.publicKey).asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    expect(DEFAULT_APP_KEYS.publicKey).not.toBe(SECOND_APP_KEYS.publicKey);
  });

  it("are listed with templates and public keys; private keys only on request", async () => {
    const listed = (await get(emulator.url, "/emulator/apps")).json.apps;
    expect(listed).toEqual([
      {
        ...DEFAULT_APP,
        templates: DEFAULT_APP_TEMPLATES,
        publicKey: DEFAULT_APP_KEYS.publicKey,
      },
      {
        ...SECOND_APP,
        templates: SECOND_APP_TEMPLATES,
        publicKey: SECOND_APP_KEYS.publicKey,
      },
    ]);
    const withKeys = (await get(emulator.url, "/emulator/apps?includePrivateKeys=1")).json.apps;
    expect(withKeys.map((app: { privateKey: string }) => app.privateKey)).toEqual([
      DEFAULT_APP_KEYS.privateKey,
      SECOND_APP_KEYS.privateKey,
    ]);
    expect(emulator.apps[0]?.privateKey).toBe(DEFAULT_APP_KEYS.privateKey);
  });

  it("refuses other query parameters", async () => {
    expect((await get(emulator.url, "/emulator/apps?includePrivateKeys=yes")).status).toBe(400);
    expect((await get(emulator.url, "/emulator/apps?other=1")).status).toBe(400);
  });
});

describe("custom apps", () => {
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const templates = [
    { templateId: "MSG_custom_1", title: "到货提醒", kind: "one-time", keywords: ["商品名称"] },
  ] as const;

  it("keep the keys and templates they bring, or get generated ones", async () => {
    const custom = await startEmulator({
      port: 0,
      apps: [
        { appid: "with_keys", secret: "s1", templates, ...pair },
        { appid: "private_only", secret: "s2", privateKey: pair.privateKey },
        { appid: "public_only", secret: "s3", publicKey: pair.publicKey },
        { appid: "nothing", secret: "s4" },
      ],
    });
    try {
      const [withKeys, privateOnly, publicOnly, nothing] = (
        await get(custom.url, "/emulator/apps?includePrivateKeys=1")
      ).json.apps;
      expect(withKeys.templates).toEqual(templates);
      expect(withKeys.privateKey).toBe(pair.privateKey);
      expect(spkiOf(privateOnly.publicKey).equals(spkiOf(pair.publicKey))).toBe(true);
      expect(publicOnly.privateKey).toBeUndefined();
      expect(spkiOf(nothing.privateKey).equals(spkiOf(nothing.publicKey))).toBe(true);
      expect(nothing.templates).toHaveLength(3);
      expect(nothing.templates[0].templateId).toMatch(/^MSG\d{13}[0-9a-f]{26}$/);
      expect(nothing.templates[0].templateId).not.toBe(DEFAULT_APP_TEMPLATES[0]?.templateId);
    } finally {
      await custom.close();
    }
  });

  it.each([
    [{ appid: "a", secret: "s", publicKey: "not a key" }, /apps\[0\]\.publicKey/],
    [{ appid: "a", secret: "s", privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n" }, /privateKey/],
    [
      {
        appid: "a",
        secret: "s",
        publicKey: DEFAULT_APP_KEYS.publicKey,
        privateKey: pair.privateKey,
      },
      /does not belong/,
    ],
    [{ appid: "a", secret: "s", templates: [] }, /templates/],
    [{ appid: "a", secret: "s", templates: [{ ...templates[0], kind: "forever" }] }, /kind/],
    [{ appid: "a", secret: "s", templates: [templates[0], templates[0]] }, /duplicate/],
    [{ appid: "a", secret: "s", templates: [{ ...templates[0], keywords: [] }] }, /keywords/],
    [{ appid: "a", secret: "s", extra: 1 }, /unknown field/],
  ])("refuses %j", async (app, message) => {
    await expect(startEmulator({ port: 0, apps: [app as never] })).rejects.toThrow(message);
  });

  it("never quote a key in their errors", async () => {
    const broken = `${pair.privateKey.slice(0, 200)}\n-----END RSA PRIVATE KEY-----\n`;
    await expect(
      startEmulator({ port: 0, apps: [{ appid: "a", secret: "s", privateKey: broken }] }),
    ).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining("MII") }));
  });

  it("can come from EMULATOR_APPS with templates and keys", () => {
    const config = loadConfig({
      EMULATOR_APPS: JSON.stringify([
        { appid: "env_app", secret: "s", templates, publicKey: pair.publicKey },
      ]),
    });
    expect(config.apps?.[0]).toMatchObject({ appid: "env_app", templates });
    expect(spkiOf(config.apps?.[0]?.publicKey ?? "").equals(spkiOf(pair.publicKey))).toBe(true);
  });
});
