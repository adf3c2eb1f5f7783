import { DouyinInputError } from "../errors.ts";
import type { CallDeps } from "./deps.ts";
import { retryQuery, tokenField } from "./token-post.ts";
import {
  optionalBoolean,
  optionalInteger,
  optionalRgb,
  optionalText,
  type Rgb,
  requireInput,
} from "./validate.ts";

export const QRCODE_V1_PATH = "/api/apps/qrcode";

/** v1's documented width range (px). */
export const QRCODE_MIN_WIDTH = 280;
export const QRCODE_MAX_WIDTH = 1280;

export interface CreateQrCodeInput {
  /** Host app: "toutiao" (the platform's default), "douyin", …; sent as `appname`. */
  readonly appName?: string;
  /**
   * Page with its query, e.g. "pages/index/index?id=1", NOT encoded: v1 sends it URL-encoded once
   * (the platform loses a raw query), v2 as given. Default: the home page.
   */
  readonly path?: string;
  /** 280-1280 px. Default (platform): 430. */
  readonly width?: number;
  readonly lineColor?: Rgb;
  readonly background?: Rgb;
  /** Show the mini-program's icon in the middle. */
  readonly setIcon?: boolean;
}

export interface QrCodeImage {
  /** The image file (PNG). */
  readonly image: Buffer;
  /** E.g. "image/png". */
  readonly contentType: string;
}

/** The body fields both QR code versions share (names as the platform spells them). */
export function readQrCodeFields(input: unknown, call: string, widthRange: [number, number]) {
  const fields = requireInput(input, call, "{appName?, path?, width?, lineColor?, background?, …}");
  const appName = optionalText(fields.appName, "appName", 64);
  if (appName === "") throw new DouyinInputError("appName", "appName must not be empty");
  const path = optionalText(fields.path, "path", 1024);
  const width = optionalInteger(fields.width, "width", widthRange[0], widthRange[1]);
  const lineColor = optionalRgb(fields.lineColor, "lineColor");
  const background = optionalRgb(fields.background, "background");
  const setIcon = optionalBoolean(fields.setIcon, "setIcon");
  return {
    fields,
    appName,
    body: {
      ...(path === undefined ? {} : { path }),
      ...(width === undefined ? {} : { width }),
      ...(lineColor === undefined ? {} : { line_color: lineColor }),
      ...(background === undefined ? {} : { background }),
      ...(setIcon === undefined ? {} : { set_icon: setIcon }),
    },
  };
}

/**
 * QR code v1 (developer.toutiao.com, access_token in the body): the answer is the image itself,
 * or a JSON `{errcode, errmsg}` on error. Safe to repeat: retried. `path` goes out URL-encoded
 * once, as createQRCode documents it (`encode({path}?{query})`: unencoded, the query is lost).
 */
export async function createQrCode(
  deps: CallDeps,
  input: CreateQrCodeInput = {},
): Promise<QrCodeImage> {
  const { appName, body } = readQrCodeFields(input, "createQrCode", [
    QRCODE_MIN_WIDTH,
    QRCODE_MAX_WIDTH,
  ]);
  const answer = await retryQuery(deps, QRCODE_V1_PATH, () =>
    deps.withToken("access_token", (token) =>
      deps.http.postForImage({
        family: "developer",
        path: QRCODE_V1_PATH,
        body: {
          ...tokenField(token),
          ...(appName === undefined ? {} : { appname: appName }),
          ...body,
          ...(body.path === undefined ? {} : { path: encodeURIComponent(body.path) }),
        },
        sensitive: [token],
      }),
    ),
  );
  return { image: answer.bytes, contentType: answer.contentType };
}
