/**
 * Calls `target[name](...args)` if it is a function, as the runtime calls lifecycle hooks: an
 * exception or a rejected promise is reported, not thrown, so one broken hook does not stop the rest.
 */
export function callHook(
  target: Record<string, unknown>,
  name: string,
  args: unknown[],
  report: (error: unknown) => void,
): void {
  const hook = target[name];
  if (typeof hook !== "function") return;
  try {
    const result: unknown = hook.apply(target, args);
    if (isThenable(result)) result.then(undefined, report);
  } catch (error) {
    report(error);
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
