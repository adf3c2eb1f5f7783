import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, RecordSubscriptionsRequest, SubscriptionGrants } from "@tt/contract";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";

const subscriptions: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    ApiPaths.meSubscriptions,
    {
      preHandler: app.authenticate,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ["subscriptions"],
        summary: "Record the user's answer to tt.requestSubscribeMessage",
        description:
          "Send the success object of tt.requestSubscribeMessage unchanged (v2 `templateSettings` or the legacy " +
          "`{[templateId]: status}` shape). Each accepted template that this app configured is recorded: a " +
          "one-time template gains one credit (one message), a long-term template becomes active. Unknown ids " +
          "and other statuses are ignored. Answers the user's grants.",
        security: [{ bearerAuth: [] }],
        body: RecordSubscriptionsRequest,
        response: { 200: SubscriptionGrants, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      if (!(await app.users.findById(userId))) {
        throw new DomainError(ProblemCode.Unauthorized, "This user no longer exists");
      }
      const accepted = await app.grants.recordResult(userId, request.body.result);
      request.log.info({ userId, accepted }, "subscriptions recorded");
      return { grants: await app.grants.list(userId) };
    },
  );
};

export default subscriptions;
