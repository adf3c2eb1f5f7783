/** The result of the last action, for people (message) and for tests and analytics (code). */
export interface Notice {
  kind: "success" | "warning" | "error";
  code: string;
  message: string;
}
