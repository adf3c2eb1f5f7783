import { badResponse } from "../bad-response.ts";
import {
  type CensorTextResult,
  censorResult,
  readVerdicts,
  requireContents,
} from "./censor-verdicts.ts";
import type { CallDeps } from "./deps.ts";
import { retryQuery, tokenHeader } from "./token-post.ts";
import { requireInput } from "./validate.ts";

export const ANTIDIRT_PATH = "/api/v2/tags/text/antidirt";

export interface CensorTextInput {
  /** The texts to check, each its own task. */
  readonly contents: readonly string[];
}

/**
 * Text censor v1 (developer.toutiao.com, access_token in `X-Token`, `{tasks: [{content}]}`;
 * errors in content security's `{code, message, error_id}`, 401 = bad token). A query: retried.
 */
export async function censorText(
  deps: CallDeps,
  input: CensorTextInput,
): Promise<CensorTextResult> {
  const contents = requireContents(requireInput(input, "censorText", "{contents}").contents);
  const answer = await retryQuery(deps, ANTIDIRT_PATH, () =>
    deps.withToken("access_token", (token) =>
      deps.http.postJson({
        family: "developer",
        path: ANTIDIRT_PATH,
        headers: tokenHeader("X-Token", token),
        body: { tasks: contents.map((content) => ({ content })) },
        sensitive: [token],
      }),
    ),
  );
  const verdicts = readVerdicts(answer.data, contents);
  if (verdicts === undefined) throw badResponse(ANTIDIRT_PATH, answer, "one verdict per content");
  return censorResult(verdicts, answer.logId);
}
