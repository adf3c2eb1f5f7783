import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import {
  accessToken,
  clientToken,
  deviceLogin,
  exchange,
  get,
  openPost,
  post,
} from "./support/http.ts";

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function transcript(seed?: string) {
  const emulator = await startEmulator({ port: 0, ...(seed === undefined ? {} : { seed }) });
  running.push(emulator);
  const logins = [
    await deviceLogin(emulator.url, { user: "alice" }),
    await deviceLogin(emulator.url, { user: "bob", loggedIn: false }),
    await deviceLogin(emulator.url, { user: "alice" }),
  ];
  const exchanged = await exchange(emulator.url, { ...DEFAULT_APP, code: logins[0]?.code });
  const session = (await get(emulator.url, "/emulator/session?user=alice")).json;
  return { emulator, result: { logins, data: exchanged.json.data, session } };
}

/** Tokens, device answers and ids (RSA ciphertexts are not seeded: OpenSSL draws their padding). */
async function laterTranscript(seed: string) {
  const emulator = await startEmulator({ port: 0, seed });
  running.push(emulator);
  const url = emulator.url;
  await deviceLogin(url, { user: "alice" });
  const token = await clientToken(url, DEFAULT_APP);
  const device = [
    await post(url, "/device/user-profile", { user: "alice" }),
    await post(url, "/device/phone-number", { user: "alice", flow: "code" }),
    await post(url, "/device/phone-number", { user: "alice", flow: "encrypted" }),
    await get(url, "/device/location?user=alice&type=gcj02"),
    await get(url, "/device/address?user=alice"),
    await get(url, "/device/system-info?user=alice"),
  ];
  const censor = await openPost(url, "/api/apps/v1/censor/text/", token, { content: ["x"] });
  const link = await openPost(url, "/api/apps/v1/url_link/generate/", token, {
    app_id: DEFAULT_APP.appid,
    app_name: "douyin",
    expire_time: Math.floor(Date.now() / 1000) + 86_400,
  });
  return {
    tokens: [await accessToken(url, DEFAULT_APP), token],
    // encryptedData also holds the watermark's timestamp: real time, not seeded.
    device: device.map(({ json: { encryptedData, ...rest } }) => rest),
    taskId: censor.json.data[0].task_id,
    link: link.json.data.url_link,
  };
}

describe("seed determinism", () => {
  it("repeats tokens, device answers, ivs, task ids and links under the same seed", async () => {
    const first = await laterTranscript("later-seed");
    expect(await laterTranscript("later-seed")).toEqual(first);
    expect((await laterTranscript("other-later-seed")).tokens).not.toEqual(first.tokens);
  });

  it("repeats codes, session keys and ids under the same seed", async () => {
    const first = await transcript("same-seed");
    const second = await transcript("same-seed");
    expect(second.result).toEqual(first.result);
  });

  it("differs under another seed or without one", async () => {
    const seeded = await transcript("same-seed");
    expect((await transcript("other-seed")).result.session).not.toEqual(seeded.result.session);
    expect((await transcript()).result.session).not.toEqual(seeded.result.session);
  });

  it("starts over after a reset", async () => {
    const { emulator, result } = await transcript("reset-seed");
    await post(emulator.url, "/emulator/reset");
    const again = await deviceLogin(emulator.url, { user: "alice" });
    expect(again).toEqual(result.logins[0]);
  });
});
