import { describe, expect, it } from "vitest";
import {
  answerChallenge,
  DouyinInputError,
  DouyinWebhookError,
  type DouyinWebhookFailure,
  parseWebhook,
  readUserSubscribeAction,
  readWebhook,
  verifyWebhookSignature,
  type WebhookEnvelope,
} from "../src/index.ts";
import { type Sha1Vectors, vectorJson } from "./vectors/load.ts";

const { webhooks } = vectorJson<Sha1Vectors>("sha1-openssl.json");
const { secret } = webhooks;

function vector(name: string) {
  const found = webhooks.vectors.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no vector ${name}`);
  return found;
}
const subscribe = vector("user_subscribe_action");
const challenge = vector("verify_webhook");

function reasonOf(fn: () => unknown): DouyinWebhookFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DouyinWebhookError);
    expect((error as Error).message).not.toContain(secret);
    return (error as DouyinWebhookError).reason;
  }
  throw new Error("expected a DouyinWebhookError");
}

const envelopeOf = (body: unknown): WebhookEnvelope => parseWebhook(JSON.stringify(body));

describe("verifyWebhookSignature against openssl dgst -sha1 vectors", () => {
  it.each(webhooks.vectors.map((entry) => [entry.name, entry] as const))(
    "accepts %s as text and as bytes",
    (_name, entry) => {
      expect(
        verifyWebhookSignature({ rawBody: entry.rawBody, signature: entry.signature, secret }),
      ).toBe(true);
      const bytes = Buffer.from(entry.rawBody, "utf8");
      expect(verifyWebhookSignature({ rawBody: bytes, signature: entry.signature, secret })).toBe(
        true,
      );
      expect(
        verifyWebhookSignature({
          rawBody: new Uint8Array(bytes),
          signature: entry.signature,
          secret,
        }),
      ).toBe(true);
    },
  );

  it("refuses another secret, a re-serialised body, a wrong or missing signature", () => {
    const { rawBody, signature } = subscribe;
    expect(verifyWebhookSignature({ rawBody, signature, secret: `${secret}x` })).toBe(false);
    const reserialised = JSON.stringify(JSON.parse(rawBody), null, 1);
    expect(verifyWebhookSignature({ rawBody: reserialised, signature, secret })).toBe(false);
    expect(
      verifyWebhookSignature({ rawBody, signature: signature.replace(/^./, "0"), secret }),
    ).toBe(signature.startsWith("0"));
    expect(verifyWebhookSignature({ rawBody, signature: undefined, secret })).toBe(false);
    expect(verifyWebhookSignature({ rawBody, signature: "xyz", secret })).toBe(false);
  });

  it.each([
    ["an empty secret", { rawBody: "{}", signature: "a", secret: "" }],
    ["a parsed body", { rawBody: {}, signature: "a", secret }],
    ["no input", null],
  ])("throws DouyinInputError for %s", (_label, input) => {
    expect(() => verifyWebhookSignature(input as never)).toThrow(DouyinInputError);
  });
});

describe("parseWebhook", () => {
  it("parses a JSON-string content and the envelope fields", () => {
    const envelope = parseWebhook(subscribe.rawBody);
    expect(envelope).toMatchObject({
      event: "user_subscribe_action",
      content: { tpl_id: "MSG1", subscribe_action: 1, text: "订阅" },
      fromUserId: "openid-vector",
      clientKey: "tt_vector_app",
    });
    expect(envelope.toUserId).toBeUndefined();
  });

  it("keeps an object content, and a string content that is not JSON", () => {
    expect(parseWebhook(challenge.rawBody).content).toEqual({ challenge: 12345 });
    expect(envelopeOf({ event: "x", content: "plain words" }).content).toBe("plain words");
    expect(envelopeOf({ event: "x" }).content).toBeUndefined();
  });

  it.each([
    ["not JSON", "event=x"],
    ["a JSON array", "[1]"],
    ["no event", '{"content":{}}'],
    ["an empty event", '{"event":""}'],
    ["a numeric event", '{"event":1}'],
    ["invalid UTF-8 bytes", Buffer.from([0x7b, 0xff, 0x7d])],
  ])("refuses %s as malformed-body", (_label, body) => {
    expect(reasonOf(() => parseWebhook(body))).toBe("malformed-body");
  });
});

describe("answerChallenge", () => {
  it("echoes the challenge", () => {
    expect(answerChallenge(parseWebhook(challenge.rawBody))).toEqual({ challenge: 12345 });
    expect(
      answerChallenge(envelopeOf({ event: "verify_webhook", content: '{"challenge":"abc"}' })),
    ).toEqual({ challenge: "abc" });
  });

  it("refuses other events and challenges that are missing", () => {
    expect(reasonOf(() => answerChallenge(parseWebhook(subscribe.rawBody)))).toBe(
      "unexpected-event",
    );
    expect(
      reasonOf(() => answerChallenge(envelopeOf({ event: "verify_webhook", content: {} }))),
    ).toBe("unexpected-event");
  });
});

describe("readUserSubscribeAction", () => {
  it.each([
    [1, "one-time-accepted", true, "one-time"],
    [2, "long-term-accepted", true, "long-term"],
    [3, "long-term-refused", false, "long-term"],
    [4, "one-time-refused", false, "one-time"],
  ] as const)("subscribe_action %i → %s", (code, meaning, accepted, templateKind) => {
    const action = readUserSubscribeAction(
      envelopeOf({
        event: "user_subscribe_action",
        from_user_id: "openid-1",
        content: { subscribe_action: code, template_id: "T1" },
      }),
    );
    expect(action).toMatchObject({
      subscribeAction: code,
      meaning,
      accepted,
      templateKind,
      templateId: "T1",
      openid: "openid-1",
    });
  });

  it("reads Douyin's documented push: from_user_id, content {msg_id, time, subscribe_action}", () => {
    const body = JSON.stringify({
      event: "user_subscribe_action",
      client_key: "tt_app",
      from_user_id: "openid-doc",
      content: JSON.stringify({ msg_id: "MSG-doc", time: 1714029835, subscribe_action: 2 }),
      log_id: "L-doc",
    });
    const envelope = parseWebhook(body);
    expect(envelope).toMatchObject({ clientKey: "tt_app", logId: "L-doc" });
    expect(readUserSubscribeAction(envelope)).toMatchObject({
      subscribeAction: 2,
      meaning: "long-term-accepted",
      accepted: true,
      templateKind: "long-term",
      templateId: "MSG-doc",
      openid: "openid-doc",
      time: 1714029835,
    });
  });

  it("reads subscribe_action 0 (no relation): nothing accepted, no template kind", () => {
    const action = readUserSubscribeAction(
      envelopeOf({
        event: "user_subscribe_action",
        from_user_id: "openid-0",
        content: { msg_id: "MSG0", time: 1, subscribe_action: 0 },
      }),
    );
    expect(action).toMatchObject({
      subscribeAction: 0,
      meaning: "no-relation",
      accepted: false,
      templateId: "MSG0",
      openid: "openid-0",
    });
    expect(action.templateKind).toBeUndefined();
  });

  it("prefers the documented fields to the older content fields", () => {
    const action = readUserSubscribeAction(
      envelopeOf({
        event: "user_subscribe_action",
        from_user_id: "openid-documented",
        content: {
          msg_id: "MSG-new",
          tpl_id: "MSG-old",
          open_id: "openid-old",
          subscribe_action: 1,
        },
      }),
    );
    expect(action).toMatchObject({ templateId: "MSG-new", openid: "openid-documented" });
  });

  it("reads the vector's JSON-string content and a numeric-string action", () => {
    expect(readUserSubscribeAction(parseWebhook(subscribe.rawBody))).toMatchObject({
      subscribeAction: 1,
      templateId: "MSG1",
      openid: "openid-vector",
    });
    expect(
      readUserSubscribeAction(
        envelopeOf({
          event: "user_subscribe_action",
          content: { subscribe_action: "4", open_id: "o" },
        }),
      ),
    ).toMatchObject({ subscribeAction: 4, openid: "o" });
  });

  it.each([
    ["another event", { event: "verify_webhook", content: { subscribe_action: 1 } }],
    ["no content", { event: "user_subscribe_action" }],
    ["action -1", { event: "user_subscribe_action", content: { subscribe_action: -1 } }],
    ["an empty action", { event: "user_subscribe_action", content: { subscribe_action: "" } }],
    ["action 5", { event: "user_subscribe_action", content: { subscribe_action: 5 } }],
    ["no action", { event: "user_subscribe_action", content: {} }],
  ])("refuses %s", (_label, body) => {
    expect(reasonOf(() => readUserSubscribeAction(envelopeOf(body)))).toBe("unexpected-event");
  });
});

describe("readWebhook", () => {
  const signedHeaders = (signature: string, msgId?: string) => ({
    "x-douyin-signature": signature,
    ...(msgId === undefined ? {} : { "msg-id": msgId }),
  });

  it("verifies, parses and reads Msg-Id from Node-style headers", () => {
    const read = readWebhook({
      headers: signedHeaders(subscribe.signature, "msg-1"),
      rawBody: Buffer.from(subscribe.rawBody),
      secret,
    });
    expect(read).toMatchObject({
      msgId: "msg-1",
      event: "user_subscribe_action",
      content: { subscribe_action: 1 },
      isChallenge: false,
    });
    expect(read.challengeAnswer).toBeUndefined();
  });

  it("reads headers of any case, repeated headers and fetch Headers", () => {
    const read = readWebhook({
      headers: { "X-Douyin-Signature": [subscribe.signature], "Msg-Id": ["m-2", "m-3"] },
      rawBody: subscribe.rawBody,
      secret,
    });
    expect(read.msgId).toBe("m-2");
    const headers = new Headers({ "X-Douyin-Signature": subscribe.signature, "Msg-Id": "m-4" });
    expect(readWebhook({ headers, rawBody: subscribe.rawBody, secret }).msgId).toBe("m-4");
  });

  it("answers a signed challenge", () => {
    const read = readWebhook({
      headers: signedHeaders(challenge.signature),
      rawBody: challenge.rawBody,
      secret,
    });
    expect(read).toMatchObject({ isChallenge: true, challengeAnswer: { challenge: 12345 } });
    expect(read.msgId).toBeUndefined();
  });

  it("refuses a missing or wrong signature before parsing", () => {
    expect(reasonOf(() => readWebhook({ headers: {}, rawBody: subscribe.rawBody, secret }))).toBe(
      "bad-signature",
    );
    expect(
      reasonOf(() =>
        readWebhook({
          headers: signedHeaders(challenge.signature),
          rawBody: subscribe.rawBody,
          secret,
        }),
      ),
    ).toBe("bad-signature");
    expect(reasonOf(() => readWebhook({ headers: {}, rawBody: "not json", secret }))).toBe(
      "bad-signature",
    );
  });

  it("(?) accepts an unsigned challenge only when allowed, and never another unsigned event", () => {
    expect(reasonOf(() => readWebhook({ headers: {}, rawBody: challenge.rawBody, secret }))).toBe(
      "bad-signature",
    );
    const read = readWebhook({
      headers: {},
      rawBody: challenge.rawBody,
      secret,
      allowUnsignedChallenge: true,
    });
    expect(read.challengeAnswer).toEqual({ challenge: 12345 });
    expect(
      reasonOf(() =>
        readWebhook({
          headers: {},
          rawBody: subscribe.rawBody,
          secret,
          allowUnsignedChallenge: true,
        }),
      ),
    ).toBe("bad-signature");
  });

  it("throws DouyinInputError without headers or secret", () => {
    expect(() => readWebhook({ headers: null as never, rawBody: "{}", secret })).toThrow(
      DouyinInputError,
    );
    expect(() => readWebhook({ headers: {}, rawBody: "{}", secret: "" })).toThrow(DouyinInputError);
  });
});
