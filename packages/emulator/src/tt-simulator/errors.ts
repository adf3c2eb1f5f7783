/** A `tt` API the simulator does not implement was called. */
export class NotSimulatedError extends Error {
  override readonly name = "NotSimulatedError";
  readonly api: string;

  constructor(api: string) {
    super(
      `not simulated: tt.${api} (add it to packages/emulator/src/tt-simulator if a page needs it)`,
    );
    this.api = api;
  }
}

/**
 * Douyin's newer error fields (framework/error-code): a 6-digit errorCode (API number + error)
 * and an errorType, D (developer), U (user), F (framework) or I (ignorable).
 */
export interface ErrorCodeFields {
  errorCode: number;
  errorType: "D" | "U" | "F" | "I";
}

/** Thrown inside an API implementation to call `fail` with `<api>:fail <reason>`. */
export class TtFailure extends Error {
  override readonly name = "TtFailure";
  readonly errNo: number | undefined;
  readonly errorCode: ErrorCodeFields | undefined;

  constructor(reason: string, errNo?: number, errorCode?: ErrorCodeFields) {
    super(reason);
    this.errNo = errNo;
    this.errorCode = errorCode;
  }
}
