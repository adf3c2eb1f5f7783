import { badResponse, fieldsOf } from "../bad-response.ts";
import { isStrictBase64 } from "../crypto/base64.ts";
import type { CallDeps } from "./deps.ts";
import { type CreateQrCodeInput, type QrCodeImage, readQrCodeFields } from "./qrcode.ts";
import { queryWithClientToken } from "./token-post.ts";
import { optionalBoolean } from "./validate.ts";

export const QRCODE_V2_PATH = "/api/apps/v1/qrcode/create/";

export interface CreateQrCodeV2Input extends CreateQrCodeInput {
  /** A round "mini-program code" instead of a square QR code. */
  readonly isCircleCode?: boolean;
}

/**
 * QR code v2 (open.douyin.com, client_token in `access-token`): `data.img` is the base64 image.
 * (?) Whether v2 keeps v1's 280-1280 width range is not documented: any positive width up to
 * 4096 is sent and the platform judges. (?) v2 documents `path` only as "小程序页面路径" and asks
 * for no encoding (unlike v1): it is sent as given, page?query. Safe to repeat: retried.
 */
export async function createQrCodeV2(
  deps: CallDeps,
  input: CreateQrCodeV2Input = {},
): Promise<QrCodeImage> {
  const { fields, appName, body } = readQrCodeFields(input, "createQrCodeV2", [1, 4096]);
  const isCircleCode = optionalBoolean(fields.isCircleCode, "isCircleCode");
  const answer = await queryWithClientToken(deps, QRCODE_V2_PATH, {
    appid: deps.credentials.appid,
    ...(appName === undefined ? {} : { app_name: appName }),
    ...body,
    ...(isCircleCode === undefined ? {} : { is_circle_code: isCircleCode }),
  });
  const img = fieldsOf(answer.data)?.img;
  if (typeof img !== "string" || img === "" || !isStrictBase64(img)) {
    throw badResponse(QRCODE_V2_PATH, answer, "a base64 image in data.img");
  }
  return { image: Buffer.from(img, "base64"), contentType: sniffImageType(img) };
}

/** The platform sends PNG; the type is read from the first bytes in case it is not. */
function sniffImageType(base64: string): string {
  if (base64.startsWith("iVBORw0KGgo")) return "image/png";
  if (base64.startsWith("/9j/")) return "image/jpeg";
  return "application/octet-stream";
}
