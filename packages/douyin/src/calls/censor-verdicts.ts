import { fieldsOf } from "../bad-response.ts";
import { DouyinInputError } from "../errors.ts";

/** (?) Limits are not documented; these match what the platform is known to accept. */
export const MAX_CENSOR_CONTENTS = 100;
export const MAX_CENSOR_CONTENT_LENGTH = 10_000;

export interface CensorPredict {
  readonly hit: boolean;
  readonly modelName?: string;
  readonly prob?: number;
  readonly target?: string;
}

export interface CensorVerdict {
  /** The text checked (same order as the input). */
  readonly content: string;
  /** True when any model hit: do not publish the text. */
  readonly hit: boolean;
  readonly predicts: readonly CensorPredict[];
  readonly taskId?: string;
  /** The task's own code when not 0 (the task could not be checked). */
  readonly code?: number;
}

export interface CensorTextResult {
  /** True when any content hit. */
  readonly hit: boolean;
  readonly results: readonly CensorVerdict[];
  readonly logId?: string;
}

export function requireContents(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_CENSOR_CONTENTS ||
    !value.every(
      (content) =>
        typeof content === "string" &&
        content !== "" &&
        content.length <= MAX_CENSOR_CONTENT_LENGTH,
    )
  ) {
    throw new DouyinInputError(
      "contents",
      `contents must be 1-${MAX_CENSOR_CONTENTS} strings of 1-${MAX_CENSOR_CONTENT_LENGTH} characters`,
    );
  }
  return value as string[];
}

/** One verdict per content, in order; undefined when the answer does not have that shape. */
export function readVerdicts(
  data: unknown,
  contents: readonly string[],
): CensorVerdict[] | undefined {
  if (!Array.isArray(data) || data.length !== contents.length) return undefined;
  const verdicts: CensorVerdict[] = [];
  for (const [index, entry] of data.entries()) {
    const task = fieldsOf(entry);
    if (task === undefined || !Array.isArray(task.predicts)) return undefined;
    const predicts = task.predicts.map(readPredict);
    const code = typeof task.code === "number" && task.code !== 0 ? task.code : undefined;
    const taskId = typeof task.task_id === "string" ? task.task_id : undefined;
    verdicts.push({
      content: contents[index] as string,
      hit: predicts.some((predict) => predict.hit),
      predicts,
      ...(taskId === undefined ? {} : { taskId }),
      ...(code === undefined ? {} : { code }),
    });
  }
  return verdicts;
}

function readPredict(value: unknown): CensorPredict {
  const predict = fieldsOf(value) ?? {};
  return {
    hit: predict.hit === true,
    ...(typeof predict.model_name === "string" ? { modelName: predict.model_name } : {}),
    ...(typeof predict.prob === "number" ? { prob: predict.prob } : {}),
    ...(typeof predict.target === "string" ? { target: predict.target } : {}),
  };
}

export function censorResult(
  verdicts: CensorVerdict[],
  logId: string | undefined,
): CensorTextResult {
  return {
    hit: verdicts.some((verdict) => verdict.hit),
    results: verdicts,
    ...(logId === undefined ? {} : { logId }),
  };
}
