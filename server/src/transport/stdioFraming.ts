/**
 * The `--stdio` transport, hardened: a Transform between stdin and the JSON-RPC reader that
 * passes on only well-formed `Content-Length` frames.
 *
 * vscode-jsonrpc 10 on its own waits forever after a bad `Content-Length` (letters, a negative
 * number), logs nothing, buffers whatever a frame declares (any size), and answers requests that
 * come before `initialize`. Here:
 * - a bad header (no or several different `Content-Length`, not a decimal number, over
 *   `maxMessageBytes`, a header block over 8 KB) is logged and skipped: reading resumes at the next
 *   `Content-Length:`; the input held at any time is one header block or one message of at most
 *   `maxMessageBytes`;
 * - before `initialize`, a request is turned into `NOT_INITIALIZED_METHOD` (the server answers it
 *   with error -32002, ServerNotInitialized) and a notification other than `exit` is dropped, as
 *   the LSP specification asks.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Far above any Jenkinsfile the CLI reads (10 MB, up to 6 bytes a character in JSON). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const CONTENT_LENGTH = 'content-length:';

/** The method a premature request is renamed to; its params carry the original method. */
export const NOT_INITIALIZED_METHOD = '$/jenkinsfileKaniko/notInitialized';

export interface FramingOptions {
  maxMessageBytes?: number;
  log: (message: string) => void;
}

/** Where `content-length:` starts in `bytes` (ASCII, any case), or -1. */
function findContentLength(bytes: Buffer, from = 0): number {
  for (let i = bytes.indexOf(':', from + CONTENT_LENGTH.length - 1); i >= 0; i = bytes.indexOf(':', i + 1)) {
    const start = i - (CONTENT_LENGTH.length - 1);
    if (start >= from && bytes.toString('latin1', start, i + 1).toLowerCase() === CONTENT_LENGTH) return start;
  }
  return -1;
}

export class FramingGuard extends Transform {
  /** Bytes of the current header block, or of the body being collected. */
  private chunks: Buffer[] = [];
  private held = 0;
  /** Body length of the frame being read; -1 while reading a header. */
  private bodyLength = -1;
  /** True while skipping input after a bad header, up to the next `Content-Length:`. */
  private resyncing = false;
  private initialized = false;
  private readonly maxMessageBytes: number;
  log: (message: string) => void;

  constructor(options: FramingOptions) {
    super();
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.log = options.log;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Input still to be looked at, in order (a refused header's tail, then what followed it). */
  private pending: Buffer[] = [];

  private consume(input: Buffer): void {
    this.pending.push(input);
    while (this.pending.length > 0) this.consumeOne(this.pending.shift()!);
  }

  private consumeOne(input: Buffer): void {
    let rest = input;
    while (rest.length > 0) {
      if (this.resyncing) {
        // Keep only a tail that could be the start of a `Content-Length:` cut across chunks.
        const joined = this.held > 0 ? Buffer.concat([...this.chunks, rest]) : rest;
        this.clear();
        const at = findContentLength(joined);
        if (at < 0) {
          const tail = joined.subarray(Math.max(0, joined.length - (CONTENT_LENGTH.length - 1)));
          this.hold(Buffer.from(tail));
          return;
        }
        this.resyncing = false;
        rest = joined.subarray(at);
        continue;
      }
      if (this.bodyLength < 0) {
        // A header may use at most MAX_HEADER_BYTES + its end: look no further, so no byte is copied twice.
        const window = rest.subarray(0, MAX_HEADER_BYTES + HEADER_END.length - this.held);
        this.hold(window);
        rest = rest.subarray(window.length);
        const header = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        const end = header.indexOf(HEADER_END);
        if (end < 0 && header.length < MAX_HEADER_BYTES + HEADER_END.length) {
          this.chunks = [header];
          continue;
        }
        this.clear();
        if (end < 0) {
          this.refuse(`a header block of more than ${MAX_HEADER_BYTES} bytes`, header.toString('latin1', 0, 120));
          // Resume at the last `Content-Length:` inside it (a real header glued to garbage), else at its
          // end: each refused block moves on by up to 8 KB, so garbage costs linear time.
          let resume = -1;
          for (let at = findContentLength(header, 1); at >= 0; at = findContentLength(header, at + 1)) resume = at;
          this.resyncing = resume < 0;
          if (resume < 0) resume = header.length - (CONTENT_LENGTH.length - 1);
          this.consumeFirst(header.subarray(resume), rest);
          return;
        }
        const afterHeader = header.subarray(end + HEADER_END.length);
        const length = this.contentLength(header.subarray(0, end));
        if (length !== undefined) {
          this.bodyLength = length;
          this.consumeFirst(afterHeader, rest);
          return;
        }
        // A bad header. A `Content-Length:` glued inside it (not at a line start) begins a real frame
        // sent after garbage: resume there. Otherwise search on after it (its body is skipped).
        let glued = -1;
        for (let at = findContentLength(header, 1); at >= 0 && at < end; at = findContentLength(header, at + 1)) if (header[at - 1] !== 0x0a) glued = at;
        if (glued >= 0) this.consumeFirst(header.subarray(glued), rest);
        else {
          this.resyncing = true;
          this.consumeFirst(afterHeader, rest);
        }
        return;
      }
      const needed = this.bodyLength - this.held;
      if (rest.length < needed) {
        this.hold(rest);
        return;
      }
      this.hold(rest.subarray(0, needed));
      rest = rest.subarray(needed);
      const body = Buffer.concat(this.chunks, this.bodyLength);
      this.clear();
      this.bodyLength = -1;
      this.deliver(body);
    }
  }

  /** Goes on with `first`, then `rest` (no copy of either). */
  private consumeFirst(first: Buffer, rest: Buffer): void {
    this.pending.unshift(rest);
    this.pending.unshift(first);
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.held += bytes.length;
  }

  private clear(): void {
    this.chunks = [];
    this.held = 0;
  }

  /** The header's body length, or undefined (logged) when the header is bad. */
  private contentLength(header: Buffer): number | undefined {
    let length: number | undefined;
    const text = header.toString('latin1');
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
      if (Number.isNaN(number)) return this.refuse(`Content-Length '${value}' is not a number of bytes`, text);
      if (length !== undefined && length !== number) return this.refuse('two different Content-Length values', text);
      length = number;
    }
    if (length === undefined) return this.refuse('no Content-Length', text);
    if (length > this.maxMessageBytes) return this.refuse(`Content-Length ${length} is over the limit of ${this.maxMessageBytes} bytes`, text);
    return length;
  }

  private refuse(reason: string, header: string): undefined {
    this.log(`Protocol error: ${reason} in header ${JSON.stringify(header.slice(0, 120))}; skipped to the next Content-Length header.`);
    return undefined;
  }

  private deliver(body: Buffer): void {
    if (!this.initialized) {
      const gated = this.gate(body);
      if (gated === undefined) return;
      body = gated;
    }
    this.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'));
    this.push(body);
  }

  /** Before `initialize`: requests renamed (answered -32002), notifications other than `exit` dropped. */
  private gate(body: Buffer): Buffer | undefined {
    let message: { id?: unknown; method?: unknown };
    try {
      message = JSON.parse(body.toString('utf8')) as { id?: unknown; method?: unknown };
    } catch {
      return body; // Not JSON: the JSON-RPC reader reports it.
    }
    if (message === null || typeof message !== 'object' || typeof message.method !== 'string') return body;
    if (message.method === 'initialize') {
      this.initialized = true;
      return body;
    }
    if (message.id === undefined) {
      if (message.method === 'exit') return body;
      this.log(`Dropped notification '${message.method}' sent before 'initialize'.`);
      return undefined;
    }
    return Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: message.id, method: NOT_INITIALIZED_METHOD, params: { method: message.method } }), 'utf8');
  }
}
