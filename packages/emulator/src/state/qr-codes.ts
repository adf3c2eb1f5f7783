/** Where a QR code made by the platform opens the mini-program (what a scan would launch). */
export interface IssuedQrCode {
  readonly appid: string;
  /** v1: developer.toutiao.com /api/apps/qrcode; v2: open.douyin.com /api/apps/v1/qrcode/create/. */
  readonly api: "v1" | "v2";
  readonly appName: string;
  /** "" for the home page. */
  readonly page: string;
  /** The page's query ("a=1&b=2"), "" when none reached the code. */
  readonly query: string;
}

const MAX_KEPT = 1000;

/** The QR codes issued since the last reset, oldest first (the newest MAX_KEPT). */
export class QrCodeLog {
  #codes: IssuedQrCode[] = [];

  record(code: IssuedQrCode): void {
    this.#codes.push(code);
    if (this.#codes.length > MAX_KEPT) this.#codes.shift();
  }

  list(appid?: string): IssuedQrCode[] {
    return this.#codes.filter((code) => appid === undefined || code.appid === appid);
  }

  clear(): void {
    this.#codes = [];
  }
}

/**
 * v1 documents `path` as encode({path}?{query}), URL-encoded once: a raw "?" is not decoded the
 * platform's way and the query is lost ("否则会导致取不到", createQRCode). The emulator keeps the
 * page before a raw "?" and drops the rest, else decodes once (a malformed escape is kept as is).
 */
export function launchOfV1Path(path: string): { page: string; query: string } {
  const rawQuery = path.indexOf("?");
  if (rawQuery >= 0) return { page: path.slice(0, rawQuery), query: "" };
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: read as it came.
  }
  return splitLaunch(decoded);
}

/**
 * v2 documents `path` only as the page path; its sibling get_qr_code V2 shows "页面路径?页面参数"
 * unencoded. Unsure: read as page?query as sent, without decoding.
 */
export function launchOfV2Path(path: string): { page: string; query: string } {
  return splitLaunch(path);
}

function splitLaunch(path: string): { page: string; query: string } {
  const at = path.indexOf("?");
  return at < 0
    ? { page: path, query: "" }
    : { page: path.slice(0, at), query: path.slice(at + 1) };
}
