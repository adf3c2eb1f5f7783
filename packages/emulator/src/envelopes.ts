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

/** What a phone's `tt.*` call reports on failure. */
export function deviceFailure(api: string, errNo: number, message: string) {
  return { errNo, errMsg: `${api}:fail ${message}` };
}

export type PathEnvelope =
  | { readonly family: "legacy" }
  | { readonly family: "open" }
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
      case "device":
        return deviceFailure(envelope.api, errNo, message);
    }
  }
}
