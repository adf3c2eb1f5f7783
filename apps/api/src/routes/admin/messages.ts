import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import {
  AdminKeyHeader,
  ApiPaths,
  Message,
  MessageAccepted,
  MessageParams,
  SendMessageRequest,
} from "@tt/contract";
import { Type } from "typebox";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";
import { toMessageDto } from "../dto.ts";

export const adminHeaders = Type.Object({
  [AdminKeyHeader]: Type.String({ description: "ADMIN_API_KEY" }),
});

const adminProblems = (...statuses: number[]) => problemResponses(401, 403, ...statuses);

const messages: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    ApiPaths.adminMessages,
    {
      schema: {
        tags: ["admin"],
        summary: "Queue a subscription message for a user",
        description:
          "Writes the message to the outbox (202, status queued) and wakes the worker, which sends it when " +
          "the user has a grant for the template, at most one message per second per user, retrying " +
          "platform failures. The same idempotencyKey with the same message answers that message (200); " +
          "with another message, 409.",
        headers: adminHeaders,
        body: SendMessageRequest,
        response: {
          200: MessageAccepted,
          202: MessageAccepted,
          ...adminProblems(400, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { openid, userId, templateId, data, page, idempotencyKey } = request.body;
      if ((openid === undefined) === (userId === undefined)) {
        throw new DomainError(
          ProblemCode.ValidationFailed,
          "Send exactly one of openid and userId",
          { errors: [{ path: "body", message: "must have exactly one of openid and userId" }] },
        );
      }
      if (app.grants.template(templateId) === undefined) {
        throw new DomainError(
          ProblemCode.TemplateUnknown,
          "The template is not in SUBSCRIPTION_TEMPLATES",
          { errors: [{ path: "body.templateId", message: "is not a configured template" }] },
        );
      }
      const user =
        userId !== undefined
          ? await app.users.findById(userId)
          : await app.users.findByOpenid(openid ?? "");
      if (user === null) throw new DomainError(ProblemCode.NotFound, "No such user");
      if (user.openid === null) {
        throw new DomainError(
          ProblemCode.ValidationFailed,
          "This user is a guest: no openid to send to",
          { errors: [{ path: "body.userId", message: "is a guest without an openid" }] },
        );
      }
      const { message, created } = await app.outbox.enqueue({
        userId: user.id,
        openid: user.openid,
        templateId,
        data,
        page,
        idempotencyKey,
      });
      request.log.info({ messageId: message.id, userId: user.id, created }, "message queued");
      return reply.code(created ? 202 : 200).send({
        id: message.id,
        status: message.status,
      });
    },
  );

  app.get(
    ApiPaths.adminMessage,
    {
      schema: {
        tags: ["admin"],
        summary: "A queued message and where it stands",
        headers: adminHeaders,
        params: MessageParams,
        response: { 200: Message, ...adminProblems(400, 404) },
      },
    },
    async (request) => {
      const message = await app.outbox.find(request.params.id);
      if (message === null) throw new DomainError(ProblemCode.NotFound, "No such message");
      return toMessageDto(message);
    },
  );
};

export default messages;
