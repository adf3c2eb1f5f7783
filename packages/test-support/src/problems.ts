import type { Problem } from "@tt/contract";
import { expect } from "vitest";

/** Fastify's inject() answer, or anything shaped like it. */
export interface InjectedAnswer {
  statusCode: number;
  headers: Record<string, unknown>;
  body?: string;
  json(): unknown;
}

/**
 * Expects an application/problem+json answer with this status and code (and a title, as every
 * problem has); answers the problem for further checks.
 */
export function expectProblem(answer: InjectedAnswer, status: number, code: string): Problem {
  expect(answer.statusCode, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const problem = answer.json() as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(typeof problem.title).toBe("string");
  return problem;
}

/** The same, for an answer over real HTTP (fetch). */
export async function expectProblemResponse(
  response: Response,
  status: number,
  code: string,
): Promise<Problem> {
  const body = await response.text();
  return expectProblem(
    {
      statusCode: response.status,
      headers: { "content-type": response.headers.get("content-type") ?? undefined },
      body,
      json: () => JSON.parse(body),
    },
    status,
    code,
  );
}
