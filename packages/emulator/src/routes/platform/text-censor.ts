import type { FastifyInstance } from "fastify";
import { censorFailure, openSuccess } from "../../envelopes.ts";
import { CREDENTIAL_ERRORS, OPEN_ERRORS, tipsFor } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { authenticate, bodyObject } from "./credentials.ts";
import { openCall } from "./open-call.ts";

export const ANTIDIRT_PATH = "/api/v2/tags/text/antidirt";
export const CENSOR_TEXT_PATH = "/api/apps/v1/censor/text/";

const MAX_TASKS = 100;
const MAX_CONTENT_LENGTH = 10_000;

/**
 * Text censor, v1 (`X-Token` access_token, `{tasks: [{content}]}`, its own error shape) and the
 * new open.douyin.com call. A text hits when it contains one of the configured banned words.
 */
export function registerTextCensor(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(ANTIDIRT_PATH, { family: "censor" });
  state.envelopes.register(CENSOR_TEXT_PATH, { family: "open" });

  app.post(ANTIDIRT_PATH, async (request) => {
    const fail = (code: number) => censorFailure(code, tipsFor(code), state.newLogId());
    if (!authenticate(state, "access_token", request).ok) {
      return fail(CREDENTIAL_ERRORS.censorBadToken);
    }
    const contents = taskContents(bodyObject(request.body)?.tasks);
    if (contents === undefined) return fail(CREDENTIAL_ERRORS.censorBadParams);
    return { log_id: state.newLogId(), data: contents.map((text) => verdict(state, text)) };
  });

  // Unsure: the docs show `{app_id, content: string[]}` → `{err_no, err_msg, log_id, data: [...]}`
  // with v1's per-task objects; a single string and v1's `tasks` are accepted too.
  app.post(CENSOR_TEXT_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      if (fields.app_id !== undefined && fields.app_id !== registered.appid) {
        return fail(OPEN_ERRORS.badParams, "app_id is not the token's app");
      }
      const contents =
        fields.content === undefined
          ? taskContents(fields.tasks)
          : textList(typeof fields.content === "string" ? [fields.content] : fields.content);
      if (contents === undefined) {
        return fail(OPEN_ERRORS.badParams, `content must be 1-${MAX_TASKS} strings`);
      }
      return openSuccess(
        contents.map((text) => verdict(state, text)),
        logId,
      );
    }),
  );
}

function taskContents(tasks: unknown): string[] | undefined {
  if (!Array.isArray(tasks)) return undefined;
  return textList(tasks.map((task) => bodyObject(task)?.content));
}

function textList(values: unknown): string[] | undefined {
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_TASKS) return undefined;
  const valid = values.every(
    (value) => typeof value === "string" && value.length <= MAX_CONTENT_LENGTH,
  );
  return valid ? (values as string[]) : undefined;
}

function verdict(state: EmulatorState, text: string) {
  const hit = state.bannedWords.some((word) => text.includes(word));
  return {
    msg: "",
    code: 0,
    task_id: state.ids.censorTaskId(),
    predicts: [{ prob: hit ? 1 : 0, hit, target: null, model_name: "short_content_antidirt" }],
    data_id: null,
  };
}
