import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths } from "@tt/contract";
import { isDouyinWebhookError, readWebhook } from "@tt/douyin";
import { Type } from "typebox";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";

/** Douyin's pushes are small JSON documents. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;
const MSG_ID = /^[\x21-\x7e]{1,128}$/;

const WebhookAnswer = Type.Union([
  Type.Object(
    { challenge: Type.Union([Type.Number(), Type.String()]) },
    { description: "verify_webhook: the challenge echoed" },
  ),
  Type.Object(
    { status: Type.Union([Type.Literal("stored"), Type.Literal("duplicate")]) },
    { description: "An event: stored now, or already stored under this Msg-Id" },
  ),
]);

/**
 * Douyin's pushes. The signature covers the exact bytes received, so this context (and only it)
 * keeps the raw body: every content type is read as a Buffer, unparsed.
 */
const webhook: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    ApiPaths.douyinWebhook,
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ["webhooks"],
        summary: "Events pushed by Douyin (verify_webhook, user_subscribe_action, …)",
        description:
          "Verifies X-Douyin-Signature = sha1_hex(secret + raw body) with DOUYIN_WEBHOOK_SECRET, answers the " +
          "verify_webhook challenge, stores every other event once per Msg-Id (a repeat answers 200 and " +
          "changes nothing) and applies user_subscribe_action to the grants. Unknown events are stored and " +
          "acknowledged.",
        response: { 200: WebhookAnswer, ...problemResponses(400, 401, 413) },
      },
    },
    async (request) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let push: ReturnType<typeof readWebhook>;
      try {
        push = readWebhook({
          headers: request.headers,
          rawBody,
          secret: app.config.douyin.webhookSecret,
        });
      } catch (error) {
        // Stryker disable next-line ConditionalExpression: readWebhook throws anything else only for a non-object input or an empty secret, which this call and the config never give
        if (!isDouyinWebhookError(error)) throw error;
        if (error.reason === "bad-signature") {
          request.log.warn("webhook push with a bad signature: dropped");
          throw new DomainError(ProblemCode.WebhookSignatureInvalid);
        }
        throw new DomainError(ProblemCode.ValidationFailed, error.message);
      }
      if (push.challengeAnswer) return push.challengeAnswer;
      if (push.msgId !== undefined && !MSG_ID.test(push.msgId)) {
        throw new DomainError(
          ProblemCode.ValidationFailed,
          "Msg-Id must be 1-128 visible ASCII characters",
        );
      }
      return { status: await app.webhooks.receive(push, rawBody, request.log) };
    },
  );
};

export default webhook;
