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

/** Thrown inside an API implementation to call `fail` with `<api>:fail <reason>`. */
export class TtFailure extends Error {
  override readonly name = "TtFailure";
  readonly errNo: number | undefined;

  constructor(reason: string, errNo?: number) {
    super(reason);
    this.errNo = errNo;
  }
}
