import { describe, expect, it } from "vitest";
import {
  answerChallenge,
  DouyinInputError,
  DouyinWebhookError,
  type DouyinWebhookFailure,
  isDouyinWebhookError,
  parseWebhook,
  readUserSubscribeAction,
  readWebhook,
  verifyWebhookSignature,
  type WebhookEnvelope,
} from "../src/index.ts";
import { inputErrorOf } from "./support/failure.ts";
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

function errorOf(fn: () => unknown): DouyinWebhookError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DouyinWebhookError);
    expect((error as Error).message).not.toContain(secret);
    return error as DouyinWebhookError;
  }
  throw new Error("expected a DouyinWebhookError");
}

function reasonOf(fn: () => unknown): DouyinWebhookFailure {
  return errorOf(fn).reason;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

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

  it.each([
    ["a string input", "{}", "input", "verifyWebhookSignature needs {rawBody, signature, secret}"],
    [
      "a numeric secret",
      { rawBody: "{}", signature: "a", secret: 42 },
      "secret",
      "secret must be a non-empty string",
    ],
    [
      "an empty secret",
      { rawBody: "{}", signature: "a", secret: "" },
      "secret",
      "secret must be a non-empty string",
    ],
    [
      "a parsed body",
      { rawBody: { event: "x" }, signature: "a", secret },
      "rawBody",
      "rawBody must be the raw body as a string or bytes",
    ],
  ])("names the field at fault for %s", (_label, input, field, message) => {
    const error = inputErrorOf(() => verifyWebhookSignature(input as never));
    expect(error).toMatchObject({ field, message });
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

  it.each([
    ["JSON null", "null"],
    ["a JSON number", "42"],
    ["a JSON string", '"verify_webhook"'],
    ["JSON true", "true"],
    ["a JSON array", '[{"event":"x"}]'],
    ["not JSON", "event=x"],
    ["nothing", ""],
  ])("refuses %s: not a JSON object", (_label, body) => {
    expect(errorOf(() => parseWebhook(body))).toMatchObject({
      name: "DouyinWebhookError",
      reason: "malformed-body",
      message: "the pushed body is not a JSON object",
    });
  });

  it("refuses an object without an event name", () => {
    expect(errorOf(() => parseWebhook('{"event":null}'))).toMatchObject({
      reason: "malformed-body",
      message: "the pushed body has no event name",
    });
  });

  it("refuses invalid UTF-8, even inside a JSON string", () => {
    const body = Buffer.concat([
      Buffer.from('{"event":"x","content":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    for (const bytes of [body, new Uint8Array(body)]) {
      expect(errorOf(() => parseWebhook(bytes))).toMatchObject({
        reason: "malformed-body",
        message: "the pushed body is not UTF-8",
      });
    }
  });

  it("parses a plain Uint8Array as UTF-8", () => {
    const envelope = parseWebhook(utf8('{"event":"订阅","content":{"n":1}}'));
    expect(envelope).toMatchObject({ event: "订阅", content: { n: 1 } });
  });

  it.each([
    ["an object", { event: "x" }],
    ["null", null],
    ["an ArrayBuffer", new ArrayBuffer(2)],
  ])("throws DouyinInputError for %s as rawBody", (_label, rawBody) => {
    expect(inputErrorOf(() => parseWebhook(rawBody as never))).toMatchObject({
      field: "rawBody",
      message: "rawBody must be the raw body as a string or bytes",
    });
  });

  it("reads every envelope field, numbers as strings, and leaves out empty ones", () => {
    const envelope = envelopeOf({
      event: "x",
      from_user_id: "openid-from",
      to_user_id: "openid-to",
      client_key: "tt_app",
      log_id: 20240425120000,
    });
    expect(envelope).toMatchObject({
      fromUserId: "openid-from",
      toUserId: "openid-to",
      clientKey: "tt_app",
      logId: "20240425120000",
    });
    const sparse = envelopeOf({ event: "x", from_user_id: "", to_user_id: null, client_key: true });
    expect(sparse).toStrictEqual({
      event: "x",
      content: undefined,
      body: { event: "x", from_user_id: "", to_user_id: null, client_key: true },
    });
  });

  it("keeps a non-string content as sent, arrays included", () => {
    expect(envelopeOf({ event: "x", content: [7] }).content).toEqual([7]);
    expect(envelopeOf({ event: "x", content: 12 }).content).toBe(12);
    expect(envelopeOf({ event: "x", content: null }).content).toBeNull();
  });
});

describe("DouyinWebhookError", () => {
  it("is an Error with its own name, told apart by isDouyinWebhookError", () => {
    const error = errorOf(() => parseWebhook("[]"));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DouyinWebhookError");
    expect(isDouyinWebhookError(error)).toBe(true);
    expect(isDouyinWebhookError(new Error("bad-signature"))).toBe(false);
    expect(isDouyinWebhookError({ name: "DouyinWebhookError", reason: "bad-signature" })).toBe(
      false,
    );
    expect(isDouyinWebhookError(undefined)).toBe(false);
  });
});

describe("answerChallenge", () => {
  it("echoes the challenge", () => {
    expect(answerChallenge(parseWebhook(challenge.rawBody))).toEqual({ challenge: 12345 });
    expect(
      answerChallenge(envelopeOf({ event: "verify_webhook", content: '{"challenge":"abc"}' })),
    ).toEqual({ challenge: "abc" });
  });

  it("refuses another event even when its content holds a challenge", () => {
    const envelope = envelopeOf({ event: "user_subscribe_action", content: { challenge: 1 } });
    expect(errorOf(() => answerChallenge(envelope))).toMatchObject({
      reason: "unexpected-event",
      message: "not a verify_webhook event",
    });
  });

  it.each([
    ["no content", '{"event":"verify_webhook"}'],
    ["a null content", '{"event":"verify_webhook","content":null}'],
    ["a content that is a bare number", '{"event":"verify_webhook","content":"12345"}'],
    ["an empty challenge", '{"event":"verify_webhook","content":{"challenge":""}}'],
    ["a null challenge", '{"event":"verify_webhook","content":{"challenge":null}}'],
    ["an infinite challenge", '{"event":"verify_webhook","content":{"challenge":1e400}}'],
    ["a boolean challenge", '{"event":"verify_webhook","content":{"challenge":true}}'],
  ])("refuses a verify_webhook event with %s", (_label, body) => {
    expect(errorOf(() => answerChallenge(parseWebhook(body)))).toMatchObject({
      reason: "unexpected-event",
      message: "the verify_webhook event has no challenge",
    });
  });

  it("echoes a challenge of 0", () => {
    expect(
      answerChallenge(envelopeOf({ event: "verify_webhook", content: { challenge: 0 } })),
    ).toEqual({ challenge: 0 });
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

  it("leaves out what the push does not say", () => {
    const action = readUserSubscribeAction(
      envelopeOf({ event: "user_subscribe_action", content: { subscribe_action: 0 } }),
    );
    expect(action).toStrictEqual({
      subscribeAction: 0,
      meaning: "no-relation",
      accepted: false,
      content: { subscribe_action: 0 },
    });
  });

  it.each([
    ["0", 0],
    ["a negative time", -1714029835],
    ["a non-numeric time", "yesterday"],
    ["an infinite time", "1e400"],
    ["null", null],
  ])("leaves out a time of %s", (_label, time) => {
    const action = readUserSubscribeAction(
      envelopeOf({ event: "user_subscribe_action", content: { subscribe_action: 1, time } }),
    );
    expect("time" in action).toBe(false);
  });

  it("reads a time sent as a numeric string", () => {
    const action = readUserSubscribeAction(
      envelopeOf({
        event: "user_subscribe_action",
        content: { subscribe_action: 1, time: "1714029835" },
      }),
    );
    expect(action.time).toBe(1714029835);
  });

  it("reads numeric ids as strings and skips empty, null and non-finite ones", () => {
    const action = readUserSubscribeAction(
      parseWebhook(
        '{"event":"user_subscribe_action","from_user_id":"","content":' +
          '{"subscribe_action":2,"msg_id":"","tpl_id":1e400,"template_id":12345,' +
          '"open_id":null,"openid":"openid-old"}}',
      ),
    );
    expect(action).toMatchObject({ templateId: "12345", openid: "openid-old" });
    const numeric = readUserSubscribeAction(
      envelopeOf({ event: "user_subscribe_action", content: { subscribe_action: 2, msg_id: 987 } }),
    );
    expect(numeric.templateId).toBe("987");
  });

  it("says why it refuses an event", () => {
    expect(
      errorOf(() =>
        readUserSubscribeAction(envelopeOf({ event: "verify_webhook", content: { challenge: 1 } })),
      ),
    ).toMatchObject({ reason: "unexpected-event", message: "not a user_subscribe_action event" });
    expect(
      errorOf(() =>
        readUserSubscribeAction(envelopeOf({ event: "user_subscribe_action", content: "null" })),
      ),
    ).toMatchObject({
      reason: "unexpected-event",
      message: "user_subscribe_action without a content",
    });
    expect(
      errorOf(() =>
        readUserSubscribeAction(
          envelopeOf({ event: "user_subscribe_action", content: { subscribe_action: 7 } }),
        ),
      ),
    ).toMatchObject({
      reason: "unexpected-event",
      message: "user_subscribe_action with a subscribe_action other than 0..4",
    });
  });

  it.each([
    ["another event", { event: "verify_webhook", content: { subscribe_action: 1 } }],
    ["a null content", { event: "user_subscribe_action", content: null }],
    ["an array content", { event: "user_subscribe_action", content: [{ subscribe_action: 1 }] }],
    ["a text content", { event: "user_subscribe_action", content: "subscribed" }],
    ["a null action", { event: "user_subscribe_action", content: { subscribe_action: null } }],
    ["a boolean action", { event: "user_subscribe_action", content: { subscribe_action: true } }],
    ["action ' 1'", { event: "user_subscribe_action", content: { subscribe_action: " 1" } }],
    ["action '1 '", { event: "user_subscribe_action", content: { subscribe_action: "1 " } }],
    ["action '01'", { event: "user_subscribe_action", content: { subscribe_action: "01" } }],
    ["action 1.5", { event: "user_subscribe_action", content: { subscribe_action: 1.5 } }],
    ["action [1]", { event: "user_subscribe_action", content: { subscribe_action: [1] } }],
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

  it("returns exactly the envelope's parts, without a msgId when none was sent", () => {
    const read = readWebhook({
      headers: new Headers({ "X-Douyin-Signature": challenge.signature }),
      rawBody: challenge.rawBody,
      secret,
    });
    const envelope = parseWebhook(challenge.rawBody);
    expect(read).toStrictEqual({
      event: "verify_webhook",
      content: { challenge: 12345 },
      isChallenge: true,
      challengeAnswer: { challenge: 12345 },
      envelope,
    });
  });

  it("takes the first of repeated fetch headers, trimmed, and ignores an empty one", () => {
    const repeated = new Headers({
      "X-Douyin-Signature": subscribe.signature,
      "Msg-Id": "m-5 ,m-6",
    });
    repeated.append("Msg-Id", "m-7");
    expect(repeated.get("msg-id")).toBe("m-5 ,m-6, m-7");
    expect(readWebhook({ headers: repeated, rawBody: subscribe.rawBody, secret }).msgId).toBe(
      "m-5",
    );
    const empty = new Headers({ "X-Douyin-Signature": subscribe.signature, "Msg-Id": "" });
    const read = readWebhook({ headers: empty, rawBody: subscribe.rawBody, secret });
    expect("msgId" in read).toBe(false);
    expect(
      reasonOf(() =>
        readWebhook({
          headers: new Headers({ "X-Douyin-Signature": "" }),
          rawBody: subscribe.rawBody,
          secret,
        }),
      ),
    ).toBe("bad-signature");
  });

  it("skips empty values of a plain record, whatever the spelling of the name", () => {
    const read = readWebhook({
      headers: {
        "X-Douyin-Signature": [],
        "x-douyin-signature": subscribe.signature,
        "Msg-Id": "",
        "msg-id": ["m-7"],
      },
      rawBody: subscribe.rawBody,
      secret,
    });
    expect(read.msgId).toBe("m-7");
    const none = readWebhook({
      headers: { "x-douyin-signature": subscribe.signature, "msg-id": "" },
      rawBody: subscribe.rawBody,
      secret,
    });
    expect("msgId" in none).toBe(false);
  });

  it("says that the signature does not match", () => {
    expect(
      errorOf(() => readWebhook({ headers: {}, rawBody: subscribe.rawBody, secret })),
    ).toMatchObject({
      reason: "bad-signature",
      message: "the push's X-Douyin-Signature does not match",
    });
  });

  it.each([
    ["no input", undefined, "input", "readWebhook needs {headers, rawBody, secret}"],
    ["a null input", null, "input", "readWebhook needs {headers, rawBody, secret}"],
    ["a string input", "{}", "input", "readWebhook needs {headers, rawBody, secret}"],
    [
      "headers as text",
      { headers: `x-douyin-signature: ${subscribe.signature}`, rawBody: "{}", secret },
      "headers",
      "headers must be the request's headers",
    ],
    [
      "null headers",
      { headers: null, rawBody: "{}", secret },
      "headers",
      "headers must be the request's headers",
    ],
  ])("names the field at fault for %s", (_label, input, field, message) => {
    expect(inputErrorOf(() => readWebhook(input as never))).toMatchObject({ field, message });
  });

  it("throws DouyinInputError without headers or secret", () => {
    expect(() => readWebhook({ headers: null as never, rawBody: "{}", secret })).toThrow(
      DouyinInputError,
    );
    expect(() => readWebhook({ headers: {}, rawBody: "{}", secret: "" })).toThrow(DouyinInputError);
  });
});
