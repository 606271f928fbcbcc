import { createInterface } from 'readline';
import type { CommandReply } from './benchProtocol';

/**
 * The child's side of `JsonLineChild`: reads one command per stdin line,
 * answers each with a `CommandReply` line on stdout (the result, or the error
 * it threw), and calls `onClose` when the parent closes stdin.
 */
export function serveCommands<C extends { id: number }>(
  handle: (command: C) => unknown,
  onClose: () => void,
): void {
  const reply = (message: CommandReply) =>
    process.stdout.write(`${JSON.stringify(message)}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', line => {
    if (!line.trim()) return;
    let command: C;
    try {
      command = JSON.parse(line);
    } catch {
      // eslint-disable-next-line no-console
      console.error(`bad command line: ${line}`);
      return;
    }
    try {
      reply({ id: command.id, ok: true, result: handle(command) });
    } catch (error) {
      reply({ id: command.id, ok: false, error: String(error) });
    }
  });
  lines.on('close', onClose);
}
