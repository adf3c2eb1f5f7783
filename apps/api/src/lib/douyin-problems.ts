import type { DouyinError } from "@tt/douyin";
import { HttpProblem, ProblemCode } from "./http-problem.ts";

// jscode2session's answers for a bad, used or expired code (douyin-platform.md, "Login").
const badLoginCode = 40018;
const badAnonymousCode = 40019;

/**
 * What an SDK error means to our client. Platform details (codes, log ids) go to our logs, not to
 * the client: it only needs to know whether to log in again, retry later, or give up.
 */
export function problemFromDouyinError(error: DouyinError): HttpProblem {
  if (error.platformCode === badLoginCode) {
    return new HttpProblem(401, ProblemCode.LoginCodeInvalid, "Call tt.login again for a new code");
  }
  if (error.platformCode === badAnonymousCode) {
    return new HttpProblem(
      401,
      ProblemCode.AnonymousCodeInvalid,
      "Call tt.login again for a new anonymousCode",
    );
  }
  if (error.category === "retryable" || error.category === "token-invalid") {
    return new HttpProblem(
      503,
      ProblemCode.PlatformUnavailable,
      error.kind === "timeout" ? "Douyin did not answer in time" : "Douyin is busy or unreachable",
      undefined,
      { "retry-after": "5" },
    );
  }
  return new HttpProblem(502, ProblemCode.PlatformMisconfigured);
}
