import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { TtFailure } from "./errors.ts";
import { clampTimeout, type RuntimeSettings } from "./program-settings.ts";

export interface RequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, unknown>;
  /** Milliseconds, at most 60 000; default app.json's networkTimeout.request, else 60 s. */
  timeout?: number;
  dataType?: string;
  responseType?: string;
}

export interface RequestSuccess {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

/** One tt.request as the test sees it afterwards. */
export interface RequestRecord {
  method: string;
  url: string;
  header: Record<string, string>;
  data: unknown;
  statusCode?: number;
  responseHeader?: Record<string, string>;
  responseData?: unknown;
  errMsg?: string;
}

export interface RequestTask {
  abort(): void;
}

/**
 * Unsure: Douyin documents no errMsg for a refused URL or a timeout (the docs and our research
 * found none). These are WeChat's wordings, which Douyin's usually match.
 */
export const URL_NOT_ALLOWED = "url not in domain list";
export const TIMEOUT = "timeout";
// Methods whose `data` goes into the body; for the others it becomes the query string.
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);
const methods = new Set(["GET", "POST", "OPTIONS", "PUT", "HEAD", "DELETE", "PATCH"]);

export function requestApi(
  records: RequestRecord[],
  settings: RuntimeSettings,
  report: ErrorReporter,
) {
  return {
    request(options: RequestOptions & CallbackOptions<RequestSuccess>): RequestTask {
      const controller = new AbortController();
      let reason = "abort";
      const timeoutMs = clampTimeout(options.timeout) ?? settings.requestTimeoutMs;
      const timer = setTimeout(() => {
        reason = TIMEOUT;
        controller.abort();
      }, timeoutMs);
      const record: RequestRecord = {
        method: (options.method ?? "GET").toUpperCase(),
        url: options.url,
        header: {},
        data: options.data,
      };
      records.push(record);
      settleAsync(
        "request",
        options,
        async () => {
          try {
            const result = await send(options, record, settings, controller.signal);
            record.statusCode = result.statusCode;
            record.responseHeader = result.header;
            record.responseData = result.data;
            return result;
          } catch (error) {
            const failure = controller.signal.aborted ? new TtFailure(reason) : error;
            record.errMsg = `request:fail ${(failure as Error).message}`;
            throw failure;
          } finally {
            clearTimeout(timer);
          }
        },
        report,
      );
      return { abort: () => controller.abort() };
    },
  };
}

async function send(
  options: RequestOptions,
  record: RequestRecord,
  settings: RuntimeSettings,
  signal: AbortSignal,
): Promise<RequestSuccess> {
  const method = record.method;
  if (!methods.has(method)) throw new TtFailure(`invalid method ${method}`);
  if (!URL.canParse(options.url) || !/^https?:/.test(options.url)) {
    throw new TtFailure(`invalid url ${options.url}`);
  }
  if (settings.urlCheck && !allowedUrl(new URL(options.url), settings.requestDomains)) {
    throw new TtFailure(URL_NOT_ALLOWED);
  }
  const header = normaliseHeader(options.header);
  record.header = header;
  const url = new URL(options.url);
  let body: string | Uint8Array | undefined;
  if (bodyMethods.has(method)) {
    body = encodeBody(options.data, header["content-type"] ?? "");
  } else if (isPlainObject(options.data)) {
    for (const [key, value] of Object.entries(options.data)) {
      if (value !== undefined) url.searchParams.append(key, stringify(value));
    }
  }

  let response: Response;
  try {
    response = await fetch(url, { method, headers: header, body, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as Error & { cause?: Error }).cause;
    throw new TtFailure(cause?.message ?? (error as Error).message);
  }
  const responseHeader = Object.fromEntries(response.headers);
  const raw = await response.arrayBuffer();
  return {
    statusCode: response.status,
    header: responseHeader,
    data: decodeBody(raw, options.dataType ?? "json", options.responseType ?? "text"),
  };
}

/** Lower-case names, string values, JSON by default; `referer` cannot be set on the real runtime. */
function normaliseHeader(header: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(header ?? {})) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = String(value);
  }
  delete result.referer;
  result["content-type"] ??= "application/json";
  return result;
}

function encodeBody(data: unknown, contentType: string): string | Uint8Array | undefined {
  if (data === undefined) return undefined;
  if (typeof data === "string") return data;
  // Not instanceof: the page runs in another realm, with its own ArrayBuffer.
  if (Object.prototype.toString.call(data) === "[object ArrayBuffer]") {
    return new Uint8Array(data as ArrayBuffer);
  }
  if (contentType.includes("application/x-www-form-urlencoded") && isPlainObject(data)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(data)) {
      if (value !== undefined) form.append(key, stringify(value));
    }
    return form.toString();
  }
  return JSON.stringify(data);
}

/** dataType "json" parses when it can and otherwise hands over the text, like the runtime. */
function decodeBody(raw: ArrayBuffer, dataType: string, responseType: string): unknown {
  if (responseType === "arraybuffer") return raw;
  const text = new TextDecoder().decode(raw);
  if (dataType !== "json" || text === "") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stringify(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * With the domain check on: https only, and the origin in the request domain list when one is
 * given (a listed "https://host" allows no port, "https://host:8443" only that port, as Douyin's
 * rules say).
 */
function allowedUrl(url: URL, domains: readonly string[] | undefined): boolean {
  if (url.protocol !== "https:") return false;
  if (domains === undefined) return true;
  return domains.some((domain) => URL.canParse(domain) && new URL(domain).origin === url.origin);
}
