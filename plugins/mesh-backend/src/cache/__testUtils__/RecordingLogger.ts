import { LoggerService } from '@backstage/backend-plugin-api';

type JsonObject = Parameters<LoggerService['child']>[0];

/** One logged line: its level, message, metadata, and the labels of the child logger that wrote it. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: JsonObject | Error;
  labels: JsonObject;
}

/** A logger that keeps what is logged, children's labels included (to assert on structured logs). */
export function recordingLogger(): {
  logger: LoggerService;
  lines: LoggedLine[];
} {
  const lines: LoggedLine[] = [];
  const make = (labels: JsonObject): LoggerService => {
    const at =
      (level: LoggedLine['level']) =>
      (message: string, meta?: JsonObject | Error) =>
        lines.push({ level, message, ...(meta ? { meta } : {}), labels });
    return {
      error: at('error'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      child: meta => make({ ...labels, ...meta }),
    };
  };
  return { logger: make({}), lines };
}
