import type { Logger } from './logger';

let installed = false;

/**
 * The last resort of a long-running host: an error that escaped one request's handling is
 * logged, and the process keeps serving the UI, the API and the receiver instead of exiting.
 * Every listener answers its own errors first; this only catches what slipped past them.
 */
export function installLastResort(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => {
    logger.error('an error escaped its handler; still serving', { error: err.message, stack: err.stack });
  });
  process.on('unhandledRejection', (reason) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    logger.error('a promise rejection was not handled; still serving', { error: err.message, stack: err.stack });
  });
}
