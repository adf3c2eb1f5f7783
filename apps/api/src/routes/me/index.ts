import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, MeResponse } from "@tt/contract";
import { HttpProblem, ProblemCode } from "../../lib/http-problem.ts";
import { toUserDto } from "../../plugins/app/users.ts";
import { problemResponses } from "../../schemas/problem-responses.ts";

const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    ApiPaths.me,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "The logged-in user",
        security: [{ bearerAuth: [] }],
        response: { 200: MeResponse, ...problemResponses(401) },
      },
    },
    async (request) => {
      const user = await app.users.findById(request.user.sub);
      if (!user) throw new HttpProblem(401, ProblemCode.Unauthorized, "This user no longer exists");
      return { user: toUserDto(user) };
    },
  );
};

export default me;
