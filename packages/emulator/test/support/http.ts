export interface JsonAnswer {
  status: number;
  contentType: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
}

export async function call(
  baseUrl: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<JsonAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    contentType,
    text,
    json: contentType.includes("json") ? JSON.parse(text) : undefined,
  };
}

export const post = (baseUrl: string, path: string, body?: unknown) =>
  call(baseUrl, "POST", path, body);
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

export function exchange(
  baseUrl: string,
  body: { appid: string; secret: string; code?: string; anonymous_code?: string },
) {
  return post(baseUrl, JSCODE2SESSION, body);
}
