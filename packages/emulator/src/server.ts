import { setMaxListeners } from "node:events";
import Fastify, { type FastifyInstance } from "fastify";
import { registerDeviceCallContainer } from "./cloud/call-container.ts";
import { rewriteCloudCallUrl } from "./cloud/cloud-call.ts";
import { deviceFailure } from "./envelopes.ts";
import { registerCallCounting } from "./routes/call-counting.ts";
import { registerAppsControl } from "./routes/control/apps.ts";
import { registerCallsControl } from "./routes/control/calls.ts";
import { registerClockControl } from "./routes/control/clock.ts";
import { registerCloudControl } from "./routes/control/cloud.ts";
import { registerCodesControl } from "./routes/control/codes.ts";
import { registerDashboard } from "./routes/control/dashboard.ts";
import { registerFaultsControl } from "./routes/control/faults.ts";
import { registerPersonasControl } from "./routes/control/personas.ts";
import { registerQrCodesControl } from "./routes/control/qr-codes.ts";
import { registerRelayControl } from "./routes/control/relay.ts";
import { registerResetControl } from "./routes/control/reset.ts";
import { registerSessionControl } from "./routes/control/session.ts";
import { registerStatsControl } from "./routes/control/stats.ts";
import { registerTokensControl } from "./routes/control/tokens.ts";
import { registerWebhooksControl } from "./routes/control/webhooks.ts";
import { DeviceFailure } from "./routes/device/device-failure.ts";
import { registerDeviceInfo } from "./routes/device/device-info.ts";
import { registerDeviceInbox } from "./routes/device/inbox.ts";
import { registerDeviceLogin } from "./routes/device/login.ts";
import { registerDevicePhoneNumber } from "./routes/device/phone-number.ts";
import { registerDeviceSubscribe } from "./routes/device/subscribe.ts";
import { registerDeviceUserProfile } from "./routes/device/user-profile.ts";
import { registerFaultInjection } from "./routes/fault-injection.ts";
import { pathOf } from "./routes/paths.ts";
import { registerAccessToken } from "./routes/platform/access-token.ts";
import { registerClientToken } from "./routes/platform/client-token.ts";
import { registerJscode2session } from "./routes/platform/jscode2session.ts";
import { registerNotifyLegacy } from "./routes/platform/notify-legacy.ts";
import { registerNotifyUser } from "./routes/platform/notify-user.ts";
import { registerPhoneNumberInfo } from "./routes/platform/phone-number-info.ts";
import { registerQrCode } from "./routes/platform/qrcode.ts";
import { registerQueryUserSubscribe } from "./routes/platform/query-user-subscribe.ts";
import { registerTextCensor } from "./routes/platform/text-censor.ts";
import { registerUrlLink } from "./routes/platform/url-link.ts";
import {
  createEmulatorState,
  type EmulatorState,
  type EmulatorStateOptions,
} from "./state/emulator-state.ts";
import { InputError } from "./validation.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";

export interface BuildEmulatorOptions extends EmulatorStateOptions {
  /** Log requests (method and path only: bodies and query strings may carry secrets). */
  readonly logger?: boolean;
  /** Where log lines go when `logger` is on (default stdout); tests pass a collector. */
  readonly logStream?: { write(line: string): void };
}

export interface EmulatorServer {
  readonly app: FastifyInstance;
  readonly state: EmulatorState;
}

/** The emulator's Fastify instance, not listening yet. */
export function buildEmulator(options: BuildEmulatorOptions = {}): FastifyInstance {
  return createEmulatorServer(options).app;
}

export function createEmulatorServer(options: BuildEmulatorOptions = {}): EmulatorServer {
  const state = createEmulatorState(options);
  const app = Fastify({
    rewriteUrl: rewriteCloudCallUrl,
    logger:
      options.logger === true
        ? {
            level: "info",
            serializers: { req: safeRequestLog },
            ...(options.logStream === undefined ? {} : { stream: options.logStream }),
          }
        : false,
  });

  const shutdown = new AbortController();
  // Every delayed answer waits on this one signal: hundreds may at once under a load test.
  setMaxListeners(0, shutdown.signal);
  app.addHook("preClose", async () => shutdown.abort());
  const webhooks = new WebhookDispatcher(state, shutdown.signal);

  // Some clients post OAuth bodies as forms: read them as flat objects of strings.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  registerCallCounting(app, state);
  registerFaultInjection(app, state, shutdown.signal);

  registerDeviceLogin(app, state);
  registerDeviceUserProfile(app, state);
  registerDevicePhoneNumber(app, state);
  registerDeviceSubscribe(app, state, webhooks);
  registerDeviceInbox(app, state);
  registerDeviceInfo(app, state);
  registerDeviceCallContainer(app, state);

  registerJscode2session(app, state);
  registerAccessToken(app, state);
  registerClientToken(app, state);
  registerQueryUserSubscribe(app, state);
  registerPhoneNumberInfo(app, state);
  registerNotifyUser(app, state);
  registerNotifyLegacy(app, state);
  registerTextCensor(app, state);
  registerQrCode(app, state);
  registerUrlLink(app, state);

  registerAppsControl(app, state);
  registerTokensControl(app, state);
  registerWebhooksControl(app, state, webhooks);
  registerClockControl(app, state);
  registerStatsControl(app, state, webhooks);
  registerQrCodesControl(app, state);
  registerSessionControl(app, state);
  registerResetControl(app, state);
  registerFaultsControl(app, state);
  registerCloudControl(app, state);
  registerCallsControl(app, state);
  registerPersonasControl(app, state);
  registerCodesControl(app, state);
  registerRelayControl(app);
  registerDashboard(app);

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ error: "not_found", message: `no route ${request.method} ${pathOf(request.url)}` }),
  );
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof InputError) {
      return reply.code(400).send({ error: "bad_request", message: error.message });
    }
    if (error instanceof DeviceFailure) {
      return reply.code(400).send(deviceFailure(error.api, error.errNo, error.message));
    }
    const status = statusOf(error);
    // Only the error code: a JSON parse error's message quotes the body, which may hold a secret.
    request.log.warn({ code: codeOf(error), statusCode: status }, "request failed");
    return reply
      .code(status)
      .send(
        status >= 500
          ? { error: "internal_error", message: "internal error" }
          : { error: "bad_request", message: "malformed request (expected a JSON object body)" },
      );
  });

  return { app, state };
}

function safeRequestLog(request: { method: string; url: string }) {
  return { method: request.method, path: pathOf(request.url) };
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
