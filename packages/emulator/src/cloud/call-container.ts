import type { FastifyInstance } from "fastify";
import { DeviceFailure } from "../routes/device/device-failure.ts";
import type { EmulatorState } from "../state/emulator-state.ts";
import type { PersonaSession } from "../state/sessions.ts";
import {
  bodyFields,
  type Fields,
  InputError,
  optionalPersona,
  optionalString,
  rejectUnknownFields,
} from "../validation.ts";
import type { CloudEnvironment } from "./environments.ts";

export const DEVICE_CALL_CONTAINER_PATH = "/device/cloud/call-container";

/** Cloud.callContainer's fail codes (云函数客户端 API page): 20000 invalid param, 21100 network
 * error, 21102 gateway error. */
const INVALID_PARAM = 20_000;
const NETWORK_ERROR = 21_100;
const GATEWAY_ERROR = 21_102;

/** Douyin Cloud's gateway status codes (公共错误码 page), carried in the fail errMsg. */
const GATEWAY = {
  emptySession: [11_010, "empty session"],
  userForbidden: [13_010, "user forbidden"],
  serviceNotFound: [13_005, "service not found"],
  bodyLimited: [14_021, "request body limited"],
  internal: [10_001, "internal error"],
} as const;

const METHODS = ["GET", "OPTIONS", "POST", "PUT", "DELETE", "TRACE", "PATCH"];
/** Unsure: 1 MB is the live-interaction SDK's documented body limit; the mini-program's is not given. */
export const CALL_CONTAINER_BODY_LIMIT = 1024 * 1024;
/** Unsure: the docs' example passes 600000 ms; no default or ceiling is documented. */
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 600_000;
/** Headers the gateway sets or that belong to one hop only: a caller's copies never pass. */
const DROPPED_HEADERS =
  /^(x-tt-.*|x-forwarded-for|host|connection|content-length|transfer-encoding|keep-alive|upgrade)$/i;

interface ContainerRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
}

/**
 * Douyin Cloud's gateway, as `Cloud.callContainer` reaches it from a phone: it finds the
 * environment's service, says who calls in X-TT-* headers (from the persona's tt.login session,
 * which it requires: 11010 "empty session" without one) and answers `{statusCode, header, data}`
 * with the body as text. Body `{appid, user, envID, serviceID?, path, init?}`.
 *
 * Unsure, and kept strict: a logged-in caller gets X-TT-OPENID and X-TT-UNIONID only, an
 * anonymous one X-TT-ANONYMOUS-OPENID only (免登录 page: "匿名登录仅能获取到 AopenId"); X-TT-SOURCE
 * is not sent (its values are not documented); whether the real gateway overwrites X-TT-* headers a
 * caller set is not documented either (this one drops them).
 */
export function registerDeviceCallContainer(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(DEVICE_CALL_CONTAINER_PATH, { family: "device", api: "callContainer" });

  app.post(
    DEVICE_CALL_CONTAINER_PATH,
    { bodyLimit: 2 * CALL_CONTAINER_BODY_LIMIT },
    async (request) => {
      const fields = bodyFields(request.body);
      rejectUnknownFields(fields, ["appid", "user", "envID", "serviceID", "path", "init"]);
      const appid = optionalString(fields, "appid") ?? state.apps.defaultApp.appid;
      if (state.apps.find(appid) === undefined) throw new InputError(`unknown appid "${appid}"`);
      const persona = optionalPersona(fields, "user") ?? "default";
      const logId = state.newLogId();
      const gatewayFailure = ([code, message]: readonly [number, string]) =>
        new DeviceFailure(
          "callContainer",
          GATEWAY_ERROR,
          `${message}, code=${code}, logid=${logId}`,
        );

      const envID = fields.envID;
      const path = fields.path;
      if (typeof envID !== "string" || envID === "") throw invalidParam("envID");
      if (typeof path !== "string" || !path.startsWith("/")) throw invalidParam("path");
      const serviceID = fields.serviceID;
      if (serviceID !== undefined && (typeof serviceID !== "string" || serviceID === "")) {
        throw invalidParam("serviceID");
      }
      const request_ = readInit(fields.init);

      const environment = state.cloudEnvironments.find(envID);
      if (
        environment === undefined ||
        (serviceID !== undefined && serviceID !== environment.serviceID)
      ) {
        throw gatewayFailure(GATEWAY.serviceNotFound);
      }
      if (environment.appid !== appid) throw gatewayFailure(GATEWAY.userForbidden);
      const session = state.sessions.get(appid, persona);
      if (session === undefined) throw gatewayFailure(GATEWAY.emptySession);
      if (
        request_.body !== undefined &&
        Buffer.byteLength(request_.body) > CALL_CONTAINER_BODY_LIMIT
      ) {
        throw gatewayFailure(GATEWAY.bodyLimited);
      }

      const headers = {
        ...request_.headers,
        ...identityHeaders(session, environment),
        "x-forwarded-for": request.ip,
      };
      let response: Response;
      try {
        response = await fetch(`${environment.serviceUrl}${path}`, {
          method: request_.method,
          headers,
          ...(request_.body === undefined ? {} : { body: request_.body }),
          signal: AbortSignal.timeout(request_.timeoutMs),
          redirect: "manual",
        });
      } catch (error) {
        if ((error as Error).name === "TimeoutError") {
          throw new DeviceFailure("callContainer", NETWORK_ERROR, "network error, timeout");
        }
        throw gatewayFailure(GATEWAY.internal);
      }
      const header: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!DROPPED_HEADERS.test(name)) header[name] = value;
      });
      return { statusCode: response.status, header, data: await response.text() };
    },
  );
}

function invalidParam(field: string): DeviceFailure {
  return new DeviceFailure("callContainer", INVALID_PARAM, `invalid param: ${field}`);
}

function readInit(value: unknown): ContainerRequest {
  if (
    value !== undefined &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  ) {
    throw invalidParam("init");
  }
  const init: Fields = (value ?? {}) as Fields;
  const unknown = Object.keys(init).filter(
    (key) => !["method", "header", "body", "timeout"].includes(key),
  );
  if (unknown.length > 0) throw invalidParam(`init.${unknown[0]}`);

  const method = init.method === undefined ? "GET" : String(init.method).toUpperCase();
  if (
    typeof init.method !== "undefined" &&
    (typeof init.method !== "string" || !METHODS.includes(method))
  ) {
    throw invalidParam("init.method");
  }
  const headers: Record<string, string> = {};
  if (init.header !== undefined) {
    if (typeof init.header !== "object" || init.header === null || Array.isArray(init.header)) {
      throw invalidParam("init.header");
    }
    for (const [name, headerValue] of Object.entries(init.header)) {
      if (typeof headerValue !== "string") throw invalidParam(`init.header.${name}`);
      if (!DROPPED_HEADERS.test(name)) headers[name.toLowerCase()] = headerValue;
    }
  }
  let body: string | undefined;
  if (init.body !== undefined) {
    if (method === "GET") throw invalidParam("init.body (a GET has no body)");
    if (typeof init.body === "string") body = init.body;
    else if (typeof init.body === "object" && init.body !== null) {
      body = JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    } else throw invalidParam("init.body");
  }
  const timeout = init.timeout;
  if (
    timeout !== undefined &&
    (typeof timeout !== "number" ||
      !Number.isInteger(timeout) ||
      timeout <= 0 ||
      timeout > MAX_TIMEOUT_MS)
  ) {
    throw invalidParam("init.timeout");
  }
  return { method, headers, body, timeoutMs: timeout ?? DEFAULT_TIMEOUT_MS };
}

/** 免登录 page: who calls, as the gateway tells the service. */
function identityHeaders(session: PersonaSession, environment: CloudEnvironment) {
  const caller: Record<string, string> = session.loggedIn
    ? { "x-tt-openid": session.openid, "x-tt-unionid": session.unionid }
    : { "x-tt-anonymous-openid": session.anonymousOpenid };
  return { ...caller, "x-tt-appid": session.appid, "x-tt-env": environment.envID };
}
