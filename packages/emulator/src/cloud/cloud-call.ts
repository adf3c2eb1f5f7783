import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";

/**
 * Douyin Cloud's "云调用" (cloud call): a service running on Douyin Cloud calls the OpenAPI
 * through cloud-call hosts (developer-toutiao-com.openapi.dyc.ivolces.com…) with the same paths
 * and no token; the platform knows which app the service belongs to. The emulator has one host,
 * so the cloud-call face is a path prefix naming the calling app:
 *
 *   /cloud-call/<appid>/api/apps/v2/jscode2session  →  /api/apps/v2/jscode2session, as <appid>
 *
 * The prefix is taken off before routing (Fastify's rewriteUrl), so every platform route serves
 * both faces; a route that checks a token asks `cloudCallAppid` first.
 */
export const CLOUD_CALL_PREFIX = "/cloud-call/";

const cloudCalls = new WeakMap<IncomingMessage, string>();

/** Fastify's rewriteUrl: strips the cloud-call prefix and remembers the app it named. */
export function rewriteCloudCallUrl(request: IncomingMessage): string {
  const url = request.url ?? "/";
  if (!url.startsWith(CLOUD_CALL_PREFIX)) return url;
  const rest = url.slice(CLOUD_CALL_PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0) return url;
  let appid: string;
  try {
    appid = decodeURIComponent(rest.slice(0, slash));
  } catch {
    return url;
  }
  cloudCalls.set(request, appid);
  return rest.slice(slash);
}

/** The app a cloud call came from, or undefined for an ordinary (token-carrying) call. */
export function cloudCallAppid(request: FastifyRequest): string | undefined {
  return cloudCalls.get(request.raw);
}
