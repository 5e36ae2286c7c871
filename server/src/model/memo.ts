/**
 * Facts that several rules and fixes derive from one model (steps by pod, executor commands, run
 * sites, …), computed on first use and held by the model itself, so they die with it.
 *
 * Not WeakMaps keyed by the model: a module-level WeakMap lives in V8's old generation, and its
 * minor GCs keep the values it holds alive as long as its entry exists, so each file's derived data
 * was copied and promoted instead of dying young (`check` over the bench's 1,000 files: 18.2 → 11.5 MB of
 * young-generation survivors; bench/NOTES.md).
 */

/** Names one derived fact and its type. */
export interface MemoKey<T> {
  readonly description: string;
  /** Never set: carries `T` for `ModelMemo.get`. */
  readonly type?: T;
}

export function memoKey<T>(description: string): MemoKey<T> {
  return { description };
}

export class ModelMemo {
  private readonly values = new Map<MemoKey<unknown>, unknown>();

  get<T>(key: MemoKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T>(key: MemoKey<T>, value: T): T {
    this.values.set(key, value);
    return value;
  }
}
