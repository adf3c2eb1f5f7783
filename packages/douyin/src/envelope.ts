/**
 * Reads every response envelope the platform uses into success or failure:
 * - `{err_no, err_tips, data}`            developer.toutiao.com
 * - `{errcode, errmsg}`                   oldest developer.toutiao.com calls
 * - `{err_no, err_msg, log_id, data}`     open.douyin.com
 * - `{data: {error_code, description}, message, extra?}`   open.douyin.com OAuth
 * - `{code, message, error_id, log_id?}`  content security (text antidirt)
 * Anything else that is a JSON object counts as a success whose data is `data` (or the body).
 */

export type Envelope =
  | {
      readonly ok: true;
      readonly data: unknown;
      readonly logId?: string;
      readonly body: Readonly<Record<string, unknown>>;
    }
  | {
      readonly ok: false;
      readonly platformCode: number | string;
      readonly message: string;
      readonly logId?: string;
      readonly body: Readonly<Record<string, unknown>>;
    };

type Fields = Readonly<Record<string, unknown>>;

interface Reading {
  readonly code: unknown;
  readonly message: unknown;
  readonly logId: unknown;
}

/** undefined: not a JSON object, or a recognised code field holding neither number nor string. */
export function readEnvelope(body: unknown): Envelope | undefined {
  if (!isFields(body)) return undefined;
  const reading = readCodeFields(body);
  if (reading === undefined) {
    return { ok: true, data: "data" in body ? body.data : body, body, ...logIdField(body.log_id) };
  }
  const code = normaliseCode(reading.code);
  if (code === undefined) return undefined;
  if (code === 0) return { ok: true, data: body.data, body, ...logIdField(reading.logId) };
  return {
    ok: false,
    platformCode: code,
    message: typeof reading.message === "string" ? reading.message : "",
    body,
    ...logIdField(reading.logId),
  };
}

function readCodeFields(body: Fields): Reading | undefined {
  const extra = isFields(body.extra) ? body.extra : {};
  const logId = body.log_id ?? extra.logid ?? extra.log_id;
  if ("err_no" in body) {
    return { code: body.err_no, message: body.err_msg ?? body.err_tips, logId };
  }
  if ("errcode" in body) return { code: body.errcode, message: body.errmsg, logId };
  if (isFields(body.data) && "error_code" in body.data) {
    const description = body.data.description;
    return {
      code: body.data.error_code,
      message: typeof description === "string" && description !== "" ? description : body.message,
      logId,
    };
  }
  if ("error_id" in body || ("code" in body && "message" in body)) {
    return { code: body.code, message: body.message, logId: logId ?? body.error_id };
  }
  return undefined;
}

/** Numbers stay numbers, numeric strings become numbers, other strings stay as they are. */
function normaliseCode(code: unknown): number | string | undefined {
  if (typeof code === "number" && Number.isFinite(code)) return code;
  if (typeof code === "string" && code.trim() !== "") {
    const numeric = Number(code);
    return Number.isFinite(numeric) ? numeric : code;
  }
  return undefined;
}

function logIdField(logId: unknown): { logId?: string } {
  if (typeof logId === "string" && logId !== "") return { logId };
  if (typeof logId === "number") return { logId: String(logId) };
  return {};
}

function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
