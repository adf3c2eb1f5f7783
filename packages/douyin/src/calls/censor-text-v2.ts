import { badResponse, fieldsOf } from "../bad-response.ts";
import type { CensorTextInput } from "./censor-text.ts";
import {
  type CensorTextResult,
  censorResult,
  readVerdicts,
  requireContents,
} from "./censor-verdicts.ts";
import type { CallDeps } from "./deps.ts";
import { queryWithClientToken } from "./token-post.ts";
import { requireInput } from "./validate.ts";

export const CENSOR_TEXT_V2_PATH = "/api/apps/v1/censor/text/";

/**
 * Text censor, new API (open.douyin.com, client_token in `access-token`). A query: retried.
 * (?) The request and answer are not confirmed: sent as `{app_id, content: [texts]}`; the
 * answer's `data` is read as v1's per-task list, or as an object holding it in `data`.
 */
export async function censorTextV2(
  deps: CallDeps,
  input: CensorTextInput,
): Promise<CensorTextResult> {
  const contents = requireContents(requireInput(input, "censorTextV2", "{contents}").contents);
  const answer = await queryWithClientToken(deps, CENSOR_TEXT_V2_PATH, {
    app_id: deps.credentials.appid,
    content: contents,
  });
  const list = Array.isArray(answer.data) ? answer.data : fieldsOf(answer.data)?.data;
  const verdicts = readVerdicts(list, contents);
  if (verdicts === undefined) {
    throw badResponse(CENSOR_TEXT_V2_PATH, answer, "one verdict per content");
  }
  return censorResult(verdicts, answer.logId);
}
