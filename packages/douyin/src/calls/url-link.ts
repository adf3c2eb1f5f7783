import { badResponse, fieldsOf } from "../bad-response.ts";
import { DouyinInputError } from "../errors.ts";
import type { CallDeps } from "./deps.ts";
import { queryWithClientToken } from "./token-post.ts";
import { optionalText, requireId, requireInput } from "./validate.ts";

export const URL_LINK_PATH = "/api/apps/v1/url_link/generate/";

export interface GenerateUrlLinkInput {
  /** Host app, e.g. "douyin", "douyinlite", "toutiao", "toutiaolite". */
  readonly appName: string;
  /** Page path without a query, e.g. "pages/index/index". Default: the home page. */
  readonly path?: string;
  /** The page's query: an object (sent as JSON) or a JSON string. */
  readonly query?: string | Readonly<Record<string, string>>;
  /** When the link stops working: a Date or Unix seconds (the platform allows up to 180 days). */
  readonly expireTime: Date | number;
}

export interface UrlLink {
  /** E.g. https://z.douyin.com/xxxx. */
  readonly urlLink: string;
  readonly logId?: string;
}

/**
 * Generates a URL link that opens the mini-program (open.douyin.com, client_token in
 * `access-token`). Safe to repeat (a second link is merely another link): retried.
 * (?) The documentation names the app id `app_id`, other sources `ma_app_id`: both are sent.
 */
export async function generateUrlLink(
  deps: CallDeps,
  input: GenerateUrlLinkInput,
): Promise<UrlLink> {
  const fields = requireInput(input, "generateUrlLink", "{appName, path?, query?, expireTime}");
  const appName = requireId(fields.appName, "appName", 64);
  const path = optionalText(fields.path, "path", 1024);
  if (path?.includes("?")) {
    throw new DouyinInputError("path", "path must not contain a query: give it as query");
  }
  const query = readQuery(fields.query);
  const expireTime = readExpireTime(fields.expireTime);
  const answer = await queryWithClientToken(deps, URL_LINK_PATH, {
    app_id: deps.credentials.appid,
    ma_app_id: deps.credentials.appid,
    app_name: appName,
    ...(path === undefined ? {} : { path }),
    ...(query === undefined ? {} : { query }),
    expire_time: expireTime,
  });
  const urlLink = fieldsOf(answer.data)?.url_link;
  if (typeof urlLink !== "string" || urlLink === "") {
    throw badResponse(URL_LINK_PATH, answer, "data.url_link");
  }
  return { urlLink, ...(answer.logId === undefined ? {} : { logId: answer.logId }) };
}

function readQuery(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let query: string;
  if (typeof value === "string") {
    query = value;
    try {
      JSON.parse(value);
    } catch {
      throw new DouyinInputError("query", "query must be an object or a JSON string");
    }
  } else if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === "string")
  ) {
    query = JSON.stringify(value);
  } else {
    throw new DouyinInputError("query", "query must be an object of strings or a JSON string");
  }
  if (query.length > 1024) {
    throw new DouyinInputError("query", "query must be at most 1024 characters as JSON");
  }
  return query;
}

function readExpireTime(value: unknown): number {
  const seconds =
    value instanceof Date ? Math.floor(value.getTime() / 1000) : (value as number | undefined);
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds <= 0) {
    throw new DouyinInputError("expireTime", "expireTime must be a valid Date or Unix seconds");
  }
  return seconds;
}
