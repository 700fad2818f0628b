// Logs go to stderr only: stdout may belong to the user, and the platform collects container stderr.

export interface Logger {
  info(message: string): void;
  error(message: string, err?: unknown): void;
}

function line(level: string, message: string): string {
  return `${new Date().toISOString()} ${level} numaflow: ${message}\n`;
}

export const stderrLogger: Logger = {
  info(message) {
    process.stderr.write(line('INFO', message));
  },
  error(message, err) {
    const stack = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : ` ${String(err)}`;
    process.stderr.write(line('ERROR', `${message}${stack}`));
  },
};
