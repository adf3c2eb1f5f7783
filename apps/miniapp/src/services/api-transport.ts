import type { CloudService } from "../config.ts";
import type { DevicePlatform } from "../platform/device-platform.ts";
import { REQUEST_TIMEOUT_MS, request } from "./tt-promise.ts";

export type ApiMethod = "GET" | "POST" | "PUT";

export interface ApiRequest {
  readonly method: ApiMethod;
  /** An API path, e.g. /api/auth/login. */
  readonly path: string;
  readonly header: Record<string, string>;
  readonly body?: object;
}

/** The API's answer: its status and body (parsed when JSON, else as received). */
export interface ApiResponse {
  readonly statusCode: number;
  readonly data: unknown;
}

/** How API requests travel: tt.request to a URL, or Douyin Cloud's callContainer. */
export type ApiTransport = (request: ApiRequest) => Promise<ApiResponse>;

/** tt.request to the API at baseUrl (a domain listed in the console's request domains). */
export function httpTransport(baseUrl: string): ApiTransport {
  return async ({ method, path, header, body }) => {
    const response = await request({
      url: `${baseUrl}${path}`,
      method,
      header,
      data: body,
      dataType: "json",
    });
    return { statusCode: response.statusCode, data: parseBody(response.data) };
  };
}

/**
 * Douyin Cloud mode: the API is a container service reached through the platform's gateway, which
 * adds who calls (X-TT-OPENID…): no request domain to list, no public address needed.
 */
export function cloudTransport(platform: DevicePlatform, service: CloudService): ApiTransport {
  return async ({ method, path, header, body }) => {
    const response = await platform.callContainer(service, {
      path,
      method,
      header,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeout: REQUEST_TIMEOUT_MS,
    });
    return { statusCode: response.statusCode, data: parseBody(response.data) };
  };
}

/** tt.request parses JSON only when it can, and callContainer never: read text as JSON if it is. */
function parseBody(data: unknown): unknown {
  if (typeof data !== "string" || data === "") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
