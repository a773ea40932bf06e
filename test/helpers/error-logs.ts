// Every test fails when the app logged at error level and the test did not say it expects that line:
// an error a test does not look for is a bug the test would otherwise hide (test/setup-file.ts).
import { afterEach } from "vitest";
import { addLogDestination } from "../../app/log.server";

const lines: string[] = [];
const expected: RegExp[] = [];

addLogDestination({ write: (line: string) => void lines.push(line) }, "error");

/** Declares that this test makes the app log an error whose message matches `pattern`. */
export function expectErrorLog(pattern: RegExp) {
  expected.push(pattern);
}

afterEach(() => {
  const unexpected = lines.splice(0).filter((line) => !expected.some((pattern) => pattern.test(JSON.parse(line).msg ?? "")));
  expected.splice(0);
  if (unexpected.length) throw new Error(`the app logged ${unexpected.length} unexpected error line(s):\n${unexpected.join("")}`);
});
