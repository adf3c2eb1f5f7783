import { eventually } from "@tt/test-support";
export interface JsonAnswer {
  status: number;
  contentType: string;
  text: string;
  bytes: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded instead of JSON. */
  form?: Record<string, string>;
}

export async function call(
  baseUrl: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(options.form).toString();
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  const contentType = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    contentType,
    text,
    bytes,
    json: contentType.includes("json") ? JSON.parse(text) : undefined,
  };
}

export const post = (baseUrl: string, path: string, body?: unknown, options?: CallOptions) =>
  call(baseUrl, "POST", path, body, options);
export const get = (baseUrl: string, path: string) => call(baseUrl, "GET", path);

export interface DeviceLogin {
  code: string;
  anonymousCode: string;
  isLogin: boolean;
}

export async function deviceLogin(
  baseUrl: string,
  body: { appid?: string; user?: string; loggedIn?: boolean } = {},
): Promise<DeviceLogin> {
  const answer = await post(baseUrl, "/device/login", body);
  if (answer.status !== 200) throw new Error(`device login failed: ${answer.text}`);
  return answer.json as DeviceLogin;
}

export const JSCODE2SESSION = "/api/apps/v2/jscode2session";
export const ACCESS_TOKEN = "/api/apps/v2/token";
export const CLIENT_TOKEN = "/oauth/client_token/";

export function exchange(
  baseUrl: string,
  body: { appid: string; secret: string; code?: string; anonymous_code?: string },
) {
  return post(baseUrl, JSCODE2SESSION, body);
}

export async function accessToken(
  baseUrl: string,
  app: { appid: string; secret: string },
): Promise<string> {
  const answer = await post(baseUrl, ACCESS_TOKEN, { ...app, grant_type: "client_credential" });
  if (answer.json?.err_no !== 0) throw new Error(`access token failed: ${answer.text}`);
  return answer.json.data.access_token;
}

export async function clientToken(
  baseUrl: string,
  app: { appid: string; secret: string },
): Promise<string> {
  const answer = await post(baseUrl, CLIENT_TOKEN, {
    client_key: app.appid,
    client_secret: app.secret,
    grant_type: "client_credential",
  });
  if (answer.json?.data?.error_code !== 0) throw new Error(`client token failed: ${answer.text}`);
  return answer.json.data.access_token;
}

/** An open.douyin.com call: the client_token in the `access-token` header. */
export function openPost(baseUrl: string, path: string, token: string | undefined, body: unknown) {
  return post(
    baseUrl,
    path,
    body,
    token === undefined ? {} : { headers: { "access-token": token } },
  );
}

export const advance = (baseUrl: string, advanceMs: number) =>
  post(baseUrl, "/emulator/clock", { advanceMs });

/** Reads until `done` holds; throws (never carries on) when it has not after 2 s. */
export const until = <T>(read: () => Promise<T> | T, done: (value: T) => boolean) =>
  eventually(read, done, { withinMs: 2_000 });

/** Waits until the emulator has answered every call and delivered (or given up) every push. */
export const quiet = (baseUrl: string) =>
  until(
    async () => (await get(baseUrl, "/emulator/stats")).json,
    (stats) => stats.inFlight === 0 && stats.webhooksPending === 0,
  );
