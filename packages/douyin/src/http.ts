import { badResponse, badResponseError } from "./bad-response.ts";
import { readEnvelope } from "./envelope.ts";
import { type CodeMeanings, classify } from "./error-category.ts";
import { DouyinError, type DouyinErrorKind } from "./errors.ts";
import { redact } from "./redact.ts";

/** The two API families live on different hosts (developer.toutiao.com, open.douyin.com). */
export type ApiFamily = "developer" | "open";

export interface HttpSettings {
  readonly baseUrls: Readonly<Record<ApiFamily, string>>;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  /** Never shown in error messages (the app secret). */
  readonly alwaysSensitive: readonly string[];
}

export interface JsonPostRequest {
  readonly family: ApiFamily;
  /** Path on the family's host, e.g. /api/apps/v2/jscode2session. */
  readonly path: string;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Values of this call that must never appear in an error message (codes, keys, tokens). */
  readonly sensitive?: readonly (string | undefined)[];
  /** Codes that mean something particular on this path (e.g. 40018 on jscode2session). */
  readonly meanings?: CodeMeanings;
}

export interface PlatformAnswer {
  /** The envelope's `data` (or the whole body when the answer has no envelope). */
  readonly data: unknown;
  readonly logId?: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly httpStatus: number;
}

/** An answer with image bytes (QR code v1). */
export interface BinaryAnswer {
  readonly bytes: Buffer;
  /** E.g. "image/png". */
  readonly contentType: string;
  readonly httpStatus: number;
}

export interface DouyinHttp {
  /** POSTs JSON; answers the success envelope or throws a DouyinError. Never retries. */
  postJson(request: JsonPostRequest): Promise<PlatformAnswer>;
  /**
   * POSTs JSON to a path that answers image bytes on success and a JSON envelope on failure:
   * answers the bytes when the answer is 2xx with an image/* content type, else throws the
   * envelope's DouyinError (or "bad-response" for a success envelope without an image). Never
   * retries.
   */
  postForImage(request: JsonPostRequest): Promise<BinaryAnswer>;
}

export function createDouyinHttp(settings: HttpSettings): DouyinHttp {
  const sensitiveOf = (request: JsonPostRequest) => [
    ...settings.alwaysSensitive,
    ...(request.sensitive ?? []),
  ];
  return {
    async postJson(request) {
      const { status, bytes } = await send(settings, request, "application/json");
      return readAnswer(request, status, utf8.decode(bytes), sensitiveOf(request));
    },
    async postForImage(request) {
      const { status, contentType, bytes } = await send(
        settings,
        request,
        "image/*, application/json",
      );
      if (status >= 200 && status <= 299 && /^image\//i.test(contentType) && bytes.length > 0) {
        return { bytes, contentType, httpStatus: status };
      }
      const answer = readAnswer(request, status, utf8.decode(bytes), sensitiveOf(request));
      throw badResponse(request.path, answer, "an image");
    },
  };
}

/** Like response.text(): UTF-8, a byte order mark dropped, bad sequences replaced. */
const utf8 = new TextDecoder("utf-8");

interface RawAnswer {
  readonly status: number;
  /** Lower-case media type without parameters, "" when absent. */
  readonly contentType: string;
  readonly bytes: Buffer;
}

async function send(
  settings: HttpSettings,
  request: JsonPostRequest,
  accept: string,
): Promise<RawAnswer> {
  try {
    const response = await settings.fetch(`${settings.baseUrls[request.family]}${request.path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept,
        ...request.headers,
      },
      body: JSON.stringify(request.body),
      // Covers the whole exchange, body included.
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
    return {
      status: response.status,
      contentType: contentType.trim().toLowerCase(),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  } catch (error) {
    throw transportError(request.path, settings.timeoutMs, error);
  }
}

function transportError(path: string, timeoutMs: number, error: unknown): DouyinError {
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const kind: DouyinErrorKind = timedOut ? "timeout" : "network";
  return new DouyinError({
    platformCode: kind,
    message: timedOut
      ? `no answer from the platform within ${timeoutMs} ms`
      : "could not reach the platform",
    path,
    kind,
    ...classify({ kind }),
    cause: error,
  });
}

function readAnswer(
  request: JsonPostRequest,
  httpStatus: number,
  text: string,
  sensitive: readonly (string | undefined)[],
): PlatformAnswer {
  const { path, meanings } = request;
  const envelope = readEnvelope(parseJson(text));
  const fail = (
    kind: DouyinErrorKind,
    platformCode: number | string,
    message: string,
    logId?: string,
  ) =>
    new DouyinError({
      platformCode,
      message: redact(message, sensitive),
      path,
      kind,
      ...classify({ kind, platformCode, httpStatus, ...(meanings ? { meanings } : {}) }),
      httpStatus,
      ...(logId === undefined ? {} : { logId }),
    });

  if (httpStatus < 200 || httpStatus > 299) {
    if (envelope !== undefined && !envelope.ok) {
      throw fail(
        "http",
        envelope.platformCode,
        envelope.message || `HTTP ${httpStatus}`,
        envelope.logId,
      );
    }
    throw fail("http", `http_${httpStatus}`, `HTTP ${httpStatus}`, envelope?.logId);
  }
  // A 2xx answer that is not an envelope usually means a wrong base URL: "configuration".
  if (envelope === undefined) {
    throw badResponseError(path, { httpStatus }, "the platform's answer is not a JSON envelope");
  }
  if (!envelope.ok) {
    throw fail(
      "platform",
      envelope.platformCode,
      envelope.message || `platform error ${envelope.platformCode}`,
      envelope.logId,
    );
  }
  return {
    data: envelope.data,
    body: envelope.body,
    httpStatus,
    ...(envelope.logId === undefined ? {} : { logId: envelope.logId }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
