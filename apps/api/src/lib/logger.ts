import type { FastifyServerOptions } from "fastify";
import type { AppConfig } from "../config.ts";

/**
 * Paths pino blanks in every log line. Request bodies are never logged (Fastify logs method and
 * URL only), but a later `log.info({ body })` or an error carrying a payload must not leak either.
 */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers.x-admin-key",
  'res.headers["set-cookie"]',
  "body.code",
  "*.anonymousCode",
  "*.anonymous_code",
  "*.sessionKey",
  "*.session_key",
  "*.secret",
  "*.accessToken",
  "*.access_token",
  "*.refreshToken",
  "*.refresh_token",
  "*.client_token",
  "*.phoneNumber",
  "*.purePhoneNumber",
  "*.telNumber",
  "*.iv",
  "*.encryptedData",
  "*.password",
];

export type LoggerOptions = Exclude<FastifyServerOptions["logger"], boolean | undefined>;

export function loggerOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.logLevel,
    ...(config.logFormat === "pretty"
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname", singleLine: true },
          },
        }
      : {}),
    redact: { paths: redactedPaths, censor: "[redacted]" },
    serializers: {
      // Log the path without the query string: query strings are where tokens and codes leak.
      req(request) {
        return {
          method: request.method,
          url: request.url.split("?")[0],
          host: request.host,
          remoteAddress: request.ip,
        };
      },
    },
  };
}
