/** An error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as log metadata: the Error itself (message and stack) when it is one. */
export function errorMeta(error: unknown): Error | { error: string } {
  return error instanceof Error ? error : { error: String(error) };
}
