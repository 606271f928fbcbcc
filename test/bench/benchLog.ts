/* eslint-disable no-console */
/** Progress lines go to stderr, so stdout carries only the report. */
export function benchLog(line: string): void {
  console.error(`[bench] ${line}`);
}
