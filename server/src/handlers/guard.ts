/** Error boundaries for handlers: a failing handler answers an error or logs, and the server carries on. */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Answers an exception with a ResponseError and a log line. */
export function guard<P, R>(log: (message: string) => void, method: string, handler: Handler<P, R>) {
  // `any`: each LSP request declares its own error-data type, and ours carry at most a message.
  return async (params: P, token: CancellationToken): Promise<R | ResponseError<any>> => {
    try {
      return await handler(params, token);
    } catch (error) {
      if (error instanceof ResponseError) return error;
      log(`${method} failed: ${describe(error)}`);
      return new ResponseError(LSPErrorCodes.RequestFailed, `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** A notification handler whose failure is logged, never thrown into the connection. */
export function guardNotification<P>(log: (message: string) => void, method: string, handler: (params: P) => void | Promise<void>) {
  return (params: P): void => {
    Promise.resolve()
      .then(() => handler(params))
      .catch((error: unknown) => log(`${method} failed: ${describe(error)}`));
  };
}
