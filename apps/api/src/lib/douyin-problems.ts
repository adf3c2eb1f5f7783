import type { DouyinError } from "@tt/douyin";
import { DomainError, ProblemCode } from "../domain/errors.ts";

/**
 * What an SDK error means to our client, read from the SDK's own verdict (error.reason,
 * error.category): never from platform codes. Platform details (codes, log ids) go to our logs,
 * not to the client: it only needs to know whether to log in again, retry later, or give up.
 */
export function domainErrorFromDouyin(error: DouyinError): DomainError {
  switch (error.reason) {
    case "code-invalid":
      return new DomainError(ProblemCode.LoginCodeInvalid, "Call tt.login again for a new code");
    case "anonymous-code-invalid":
      return new DomainError(
        ProblemCode.AnonymousCodeInvalid,
        "Call tt.login again for a new anonymousCode",
      );
  }
  if (error.category === "retryable" || error.category === "token-invalid") {
    return new DomainError(
      ProblemCode.PlatformUnavailable,
      error.reason === "timeout"
        ? "Douyin did not answer in time"
        : "Douyin is busy or unreachable",
      { retryAfterSeconds: 5 },
    );
  }
  return new DomainError(ProblemCode.PlatformMisconfigured);
}
