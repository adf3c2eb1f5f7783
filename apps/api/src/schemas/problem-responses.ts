import { Problem, ProblemContentType } from "@tt/contract";

const descriptions: Record<number, string> = {
  400: "Invalid request (code VALIDATION_FAILED)",
  401: "Not authenticated, or a login code the platform refused",
  403: "Authenticated, but not allowed here",
  404: "Not found",
  409: "Conflicts with an earlier request (e.g. IDEMPOTENCY_KEY_REUSED)",
  413: "Body too large",
  415: "Body is not JSON",
  502: "The Douyin platform refused our app's configuration",
  503: "The Douyin platform is busy, down or timed out; retry later",
};

/** OpenAPI response entries for the problem+json answers a route may give. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? "Problem",
        content: { [ProblemContentType]: { schema: Problem } },
      },
    ]),
  );
}
