import { ForbiddenTextCharacters, ProblemContentType } from "@tt/contract";
import { isDouyinError, isDouyinInputError } from "@tt/douyin";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { type DomainError, isDomainError } from "../../domain/errors.ts";
import { domainErrorFromDouyin } from "../../lib/douyin-problems.ts";
import { HttpProblem, ProblemCode, problemStatus } from "../../lib/http-problem.ts";

/** Fastify's and @fastify/jwt's own error codes, as problems a client can act on. */
const knownErrors: Record<string, (error: FastifyError) => HttpProblem> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new HttpProblem(413, ProblemCode.PayloadTooLarge),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new HttpProblem(415, ProblemCode.UnsupportedMediaType, "Send the body as application/json"),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new HttpProblem(400, ProblemCode.ValidationFailed, "Content-Length does not match the body"),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new HttpProblem(400, ProblemCode.ValidationFailed, "The JSON body is empty"),
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    new HttpProblem(400, ProblemCode.ValidationFailed, "The body is not valid JSON"),
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: () =>
    new HttpProblem(401, ProblemCode.Unauthorized, "Send Authorization: Bearer <accessToken>"),
  FST_JWT_BAD_REQUEST: () =>
    new HttpProblem(401, ProblemCode.Unauthorized, "Send Authorization: Bearer <accessToken>"),
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: () =>
    new HttpProblem(401, ProblemCode.AccessTokenExpired, "Refresh it at /api/auth/refresh"),
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: () => new HttpProblem(401, ProblemCode.Unauthorized),
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: () => new HttpProblem(401, ProblemCode.Unauthorized),
  FST_ERR_NOT_FOUND: () => new HttpProblem(404, ProblemCode.NotFound),
};

/** For 4xx errors of plugins we do not list by name: a code that matches the status. */
const codeByStatus: Record<number, ProblemCode> = {
  401: ProblemCode.Unauthorized,
  403: ProblemCode.Forbidden,
  404: ProblemCode.NotFound,
  405: ProblemCode.MethodNotAllowed,
  413: ProblemCode.PayloadTooLarge,
  415: ProblemCode.UnsupportedMediaType,
  429: ProblemCode.RateLimited,
};

/** Ajv quotes a failed pattern; the plain-text one is unreadable, so it gets words instead. */
function issueMessage(issue: NonNullable<FastifyError["validation"]>[number]): string {
  const pattern = (issue.params as { pattern?: unknown }).pattern;
  if (typeof pattern === "string" && pattern.includes(ForbiddenTextCharacters)) {
    return "must be text without control characters, line breaks or bidirectional overrides";
  }
  // A message's data refuses keywords its pattern does not match (the key is not echoed back).
  if (issue.keyword === "additionalProperties" && issue.instancePath.endsWith("/data")) {
    return "keywords must be 1-64 characters of text without control characters";
  }
  return issue.message ?? "is not valid";
}

function validationProblem(error: FastifyError): HttpProblem {
  const errors = (error.validation ?? []).map((issue) => {
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const where = `${error.validationContext ?? "body"}${issue.instancePath.replaceAll("/", ".")}`;
    return { path: missing ? `${where}.${missing}` : where, message: issueMessage(issue) };
  });
  const detail = errors.map((e) => `${e.path} ${e.message}`).join("; ");
  return new HttpProblem(400, ProblemCode.ValidationFailed, detail, errors);
}

/** A domain error, as HTTP: its code's status, and Retry-After when it says when to retry. */
export function problemFromDomainError(error: DomainError): HttpProblem {
  return new HttpProblem(
    problemStatus[error.code],
    error.code,
    error.detail,
    error.errors,
    error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) },
  );
}

function toHttpProblem(error: FastifyError): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (isDomainError(error)) return problemFromDomainError(error);
  if (error.validation) return validationProblem(error);
  if (isDouyinError(error)) return problemFromDomainError(domainErrorFromDouyin(error));
  // Our schemas should catch bad input first; the SDK's own checks are the last line.
  if (isDouyinInputError(error)) {
    return new HttpProblem(400, ProblemCode.ValidationFailed, error.message, [
      { path: `body.${error.field}`, message: error.message },
    ]);
  }
  const known = error.code ? knownErrors[error.code] : undefined;
  if (known) return known(error);
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) {
    return new HttpProblem(
      status,
      codeByStatus[status] ?? ProblemCode.ValidationFailed,
      error.message,
    );
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: HttpProblem) {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type(ProblemContentType)
    .send(problem.toProblem(request.url.split("?")[0]));
}

/** Every error, of ours or of Fastify's, leaves as application/problem+json with a stable code. */
export default fp(
  async function problems(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toHttpProblem(error);
      if (problem) {
        if (problem.status >= 500) request.log.warn({ err: error }, problem.message);
        return sendProblem(reply, request, problem);
      }
      request.log.error({ err: error }, "unhandled error");
      return sendProblem(reply, request, new HttpProblem(500, ProblemCode.Internal));
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request,
        new HttpProblem(
          404,
          ProblemCode.NotFound,
          `No route ${request.method} ${request.url.split("?")[0]}`,
        ),
      ),
    );
  },
  { name: "problems" },
);
