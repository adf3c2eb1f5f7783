import helmet, { type HelmetOptions } from "helmet";

/**
 * The headers Helmet sets for `options`, worked out once. Helmet is middleware that sets the same
 * headers on every response when no directive depends on the request (none of ours does), and
 * @fastify/helmet builds a new Helmet on every request: this runs it once, against a response
 * that only records, and the app copies the result onto each reply. Anything but setting and
 * removing headers (a directive computed per request, a nonce) throws here, at start-up.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  const refuse = () => {
    throw new Error("securityHeaders: these Helmet options read the request; set them per reply");
  };
  const request = new Proxy({}, { get: refuse });
  let finished = false;
  helmet(options)(request as never, recorder as never, (error?: unknown) => {
    if (error !== undefined) throw error;
    finished = true;
  });
  if (!finished) throw new Error("securityHeaders: Helmet did not finish synchronously");
  return Object.freeze(headers);
}
