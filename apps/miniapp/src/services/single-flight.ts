/**
 * Runs `start` unless a run is still in flight, in which case callers share that run: two taps
 * must not spend two pairs of login codes, nor two refreshes one refresh token.
 */
export function singleFlight<A extends unknown[], T>(
  start: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return (...args) => {
    const run = inFlight ?? start(...args);
    inFlight = run;
    const clear = () => {
      if (inFlight === run) inFlight = undefined;
    };
    run.then(clear, clear);
    return run;
  };
}
