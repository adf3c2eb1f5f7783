import { expect } from "vitest";
import { type DouyinError, DouyinInputError, isDouyinError } from "../../src/index.ts";

/** The DouyinError `promise` rejects with; fails the test when it resolves or throws another error. */
export async function failureOf(promise: Promise<unknown>): Promise<DouyinError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isDouyinError(error)).toBe(true);
  return error as DouyinError;
}

/** The DouyinInputError `fn` throws; fails the test when it returns or throws another error. */
export function inputErrorOf(fn: () => unknown): DouyinInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DouyinInputError);
    return error as DouyinInputError;
  }
  throw new Error("expected a DouyinInputError");
}
