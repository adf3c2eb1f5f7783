/**
 * Response envelopes of the platform's API families, written from the platform docs (the SDK
 * writes its own parser: the two sides share facts, not code).
 */

/** developer.toutiao.com: `{err_no, err_tips, data}`. */
export function legacySuccess(data: unknown) {
  return { err_no: 0, err_tips: "success", data };
}

/** Unsure: the platform may answer these with HTTP 200 or 400; we answer 200, clients read the envelope. */
export function legacyFailure(errNo: number, tips: string) {
  return { err_no: errNo, err_tips: tips, data: null };
}

/** open.douyin.com: `{err_no, err_msg, log_id, data}`. */
export function openSuccess(data: unknown, logId: string) {
  return { err_no: 0, err_msg: "", log_id: logId, data };
}

export function openFailure(errNo: number, message: string, logId: string) {
  return { err_no: errNo, err_msg: message, log_id: logId, data: null };
}

/** open.douyin.com's OAuth paths (`/oauth/client_token/`): the error sits inside `data`. */
export function oauthSuccess(data: object) {
  return { message: "success", data: { ...data, error_code: 0, description: "" } };
}

export function oauthFailure(errorCode: number, description: string) {
  return { message: "error", data: { error_code: errorCode, description } };
}

/**
 * Content security v1 (`/api/v2/tags/text/antidirt`) errors, as documented:
 * `{error_id, code, message, exception}` (400 bad parameters, 401 bad token).
 */
export function censorFailure(code: number, message: string, errorId: string) {
  return { error_id: errorId, code, message, exception: message };
}

/** The oldest developer.toutiao.com calls (QR code v1) answer errors as `{errcode, errmsg}`. */
export function errcodeFailure(errcode: number, errmsg: string) {
  return { errcode, errmsg };
}

/** What a phone's `tt.*` call reports on failure. */
export function deviceFailure(api: string, errNo: number, message: string) {
  return { errNo, errMsg: `${api}:fail ${message}` };
}

export type PathEnvelope =
  | { readonly family: "legacy" }
  | { readonly family: "open" }
  | { readonly family: "oauth" }
  | { readonly family: "censor" }
  | { readonly family: "errcode" }
  | { readonly family: "device"; readonly api: string };

/** Which envelope each path answers in, so an injected err_no looks like that path's own errors. */
export class PathEnvelopes {
  readonly #byPath = new Map<string, PathEnvelope>();

  register(path: string, envelope: PathEnvelope): void {
    this.#byPath.set(path, envelope);
  }

  /** Unregistered paths answer in the legacy shape. */
  failure(path: string, errNo: number, message: string, newLogId: () => string): object {
    const envelope = this.#byPath.get(path) ?? { family: "legacy" };
    switch (envelope.family) {
      case "legacy":
        return legacyFailure(errNo, message);
      case "open":
        return openFailure(errNo, message, newLogId());
      case "oauth":
        return oauthFailure(errNo, message);
      case "censor":
        return censorFailure(errNo, message, newLogId());
      case "errcode":
        return errcodeFailure(errNo, message);
      case "device":
        return deviceFailure(envelope.api, errNo, message);
    }
  }
}
