import type { FastifyInstance } from "fastify";
import { qrLikePng, type Rgb } from "../../crypto/png.ts";
import { errcodeFailure, openSuccess } from "../../envelopes.ts";
import { CREDENTIAL_ERRORS, QRCODE_ERRORS, tipsFor } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { launchOfV1Path, launchOfV2Path } from "../../state/qr-codes.ts";
import { authenticate, bodyObject } from "./credentials.ts";
import { openCall } from "./open-call.ts";

export const QRCODE_V1_PATH = "/api/apps/qrcode";
export const QRCODE_V2_PATH = "/api/apps/v1/qrcode/create/";

const V1_APP_NAMES = ["toutiao", "douyin", "pipixia", "huoshan"];
const V2_APP_NAMES = ["toutiao", "douyin", "douyin_lite", "douyin_search", "toutiao_lite", "all"];
/** v1's documented range; unsure whether v2 keeps it. */
const MIN_WIDTH = 280;
const MAX_WIDTH = 1280;
const DEFAULT_WIDTH = 430;
const BLACK: Rgb = { r: 0, g: 0, b: 0 };
// v1 documents a transparent default background; the emulator draws RGB, so white.
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

interface QrRequest {
  readonly appName: string;
  readonly path: string;
  readonly width: number;
  readonly lineColor: Rgb;
  readonly background: Rgb;
}

type QrProblem = "appname" | "width" | "params";

/** QR codes, v1 (raw PNG bytes, `{errcode, errmsg}` on error) and v2 (`data.img`, base64 PNG). */
export function registerQrCode(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(QRCODE_V1_PATH, { family: "errcode" });
  state.envelopes.register(QRCODE_V2_PATH, { family: "open" });

  app.post(QRCODE_V1_PATH, async (request, reply) => {
    const fail = (errcode: number) => errcodeFailure(errcode, tipsFor(errcode));
    const auth = authenticate(state, "access_token", request);
    if (!auth.ok) return fail(CREDENTIAL_ERRORS.legacyBadToken);
    const fields = bodyObject(request.body) ?? {};
    const qr = readQrRequest(fields.appname, fields, V1_APP_NAMES);
    if (typeof qr === "string") {
      return fail(
        {
          appname: QRCODE_ERRORS.badAppname,
          width: QRCODE_ERRORS.badWidth,
          params: QRCODE_ERRORS.badParams,
        }[qr],
      );
    }
    state.qrCodes.record({
      appid: auth.app.appid,
      api: "v1",
      appName: qr.appName,
      ...launchOfV1Path(qr.path),
    });
    return reply.type("image/png").send(render(auth.app.appid, qr));
  });

  app.post(QRCODE_V2_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const qr = readQrRequest(fields.app_name, fields, V2_APP_NAMES);
      const wrongApp = fields.appid !== undefined && fields.appid !== registered.appid;
      const optionsValid = [fields.set_icon, fields.is_circle_code].every(
        (flag) => flag === undefined || typeof flag === "boolean",
      );
      if (typeof qr === "string" || wrongApp || !optionsValid) {
        return fail(QRCODE_ERRORS.v2BadParams);
      }
      state.qrCodes.record({
        appid: registered.appid,
        api: "v2",
        appName: qr.appName,
        ...launchOfV2Path(qr.path),
      });
      return openSuccess({ img: render(registered.appid, qr).toString("base64") }, logId);
    }),
  );
}

function render(appid: string, qr: QrRequest): Buffer {
  return qrLikePng(
    `${appid}\u0000${qr.appName}\u0000${qr.path}`,
    qr.width,
    qr.lineColor,
    qr.background,
  );
}

function readQrRequest(
  appName: unknown,
  fields: Readonly<Record<string, unknown>>,
  appNames: readonly string[],
): QrRequest | QrProblem {
  const name = appName ?? "toutiao";
  if (typeof name !== "string" || !appNames.includes(name)) return "appname";
  const width = fields.width ?? DEFAULT_WIDTH;
  if (
    typeof width !== "number" ||
    !Number.isInteger(width) ||
    width < MIN_WIDTH ||
    width > MAX_WIDTH
  ) {
    return "width";
  }
  const path = fields.path ?? "";
  const lineColor = readColor(fields.line_color, BLACK);
  const background = readColor(fields.background, WHITE);
  if (
    typeof path !== "string" ||
    path.length > 1024 ||
    lineColor === undefined ||
    background === undefined
  ) {
    return "params";
  }
  if (fields.set_icon !== undefined && typeof fields.set_icon !== "boolean") return "params";
  return { appName: name, path, width, lineColor, background };
}

function readColor(value: unknown, fallback: Rgb): Rgb | undefined {
  if (value === undefined) return fallback;
  const color = bodyObject(value);
  if (color === undefined) return undefined;
  const channels = [color.r, color.g, color.b];
  const valid = channels.every(
    (channel) =>
      typeof channel === "number" && Number.isInteger(channel) && channel >= 0 && channel <= 255,
  );
  return valid ? { r: color.r as number, g: color.g as number, b: color.b as number } : undefined;
}
