import {
  ApiPaths,
  type LoginRequest,
  type LogoutRequest,
  type Problem,
  type RefreshRequest,
  type Session,
  type User,
} from "@tt/contract";
import { request } from "./tt-promise.ts";

/** Response of GET /api/me. */
export interface MeResponse {
  user: User;
}

/** Codes the client itself assigns when the server's answer is not a usable problem document. */
export const ClientErrorCode = {
  /** A 2xx answer whose body is not what the contract promises. */
  InvalidResponse: "INVALID_RESPONSE",
  /** An error status without an application/problem+json body (a proxy, a crash page…). */
  HttpError: "HTTP_ERROR",
} as const;

/** A non-2xx answer from the API, read from its application/problem+json body. */
export class ApiProblemError extends Error {
  override readonly name = "ApiProblemError";
  readonly status: number;
  /** A ProblemCode from the server, or a ClientErrorCode. */
  readonly code: string;
  readonly detail: string | undefined;
  readonly problem: Problem | undefined;

  constructor(status: number, code: string, detail: string | undefined, problem?: Problem) {
    super(`${status} ${code}${detail ? `: ${detail}` : ""}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.problem = problem;
  }
}

/** Works across bundles: every page bundle carries its own copy of this class. */
export function isApiProblemError(error: unknown): error is ApiProblemError {
  return error instanceof Error && error.name === "ApiProblemError";
}

export interface ApiClient {
  login(body: LoginRequest): Promise<Session>;
  refresh(body: RefreshRequest): Promise<Session>;
  logout(body: LogoutRequest, accessToken: string): Promise<void>;
  me(accessToken: string): Promise<MeResponse>;
}

interface SendOptions {
  body?: object;
  accessToken?: string;
}

export function createApiClient(baseUrl: string): ApiClient {
  async function send(method: "GET" | "POST", path: string, options: SendOptions) {
    const header: Record<string, string> = { accept: "application/json" };
    if (options.body) header["content-type"] = "application/json";
    if (options.accessToken) header.authorization = `Bearer ${options.accessToken}`;
    const response = await request({
      url: `${baseUrl}${path}`,
      method,
      header,
      data: options.body,
      dataType: "json",
    });
    const body = parseBody(response.data);
    if (response.statusCode >= 200 && response.statusCode < 300) return body;
    throw toProblemError(response.statusCode, body);
  }

  async function sendForSession(path: string, body: object): Promise<Session> {
    const data = await send("POST", path, { body });
    if (!isSession(data)) throw invalidResponse(path);
    return data;
  }

  return {
    login: (body) => sendForSession(ApiPaths.login, body),
    refresh: (body) => sendForSession(ApiPaths.refresh, body),
    async logout(body, accessToken) {
      await send("POST", ApiPaths.logout, { body, accessToken });
    },
    async me(accessToken) {
      const data = await send("GET", ApiPaths.me, { accessToken });
      if (!isRecord(data) || !isUser(data.user)) throw invalidResponse(ApiPaths.me);
      return { user: data.user };
    },
  };
}

/** tt.request parses JSON only when it can; a problem body may still arrive as text. */
function parseBody(data: unknown): unknown {
  if (typeof data !== "string" || data === "") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function toProblemError(status: number, body: unknown): ApiProblemError {
  if (isProblem(body)) {
    return new ApiProblemError(status, body.code, body.detail ?? body.title, body);
  }
  return new ApiProblemError(status, ClientErrorCode.HttpError, `HTTP ${status}`);
}

function invalidResponse(path: string): ApiProblemError {
  return new ApiProblemError(
    200,
    ClientErrorCode.InvalidResponse,
    `Unexpected answer from ${path}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    typeof value.status === "number" &&
    typeof value.title === "string"
  );
}

// Shape checks only (no schema validator in the bundle): enough to fail loudly on a wrong server.
function isUser(value: unknown): value is User {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.isGuest === "boolean" &&
    (typeof value.openid === "string" || value.openid === null)
  );
}

function isSession(value: unknown): value is Session {
  return (
    isRecord(value) &&
    typeof value.accessToken === "string" &&
    typeof value.refreshToken === "string" &&
    typeof value.expiresIn === "number" &&
    isUser(value.user)
  );
}
