/** A value computed once on first use; re-entry while computing (a cycle) yields `onCycle()` instead of recursing. */
export class Lazy<T> {
  private state: 'idle' | 'computing' | 'done' = 'idle';
  private value: T | undefined;

  constructor(
    private readonly compute: () => T,
    private readonly onCycle: () => T,
  ) {}

  /** Whether the value has been computed. */
  get done(): boolean {
    return this.state === 'done';
  }

  get(): T {
    if (this.state === 'done') return this.value as T;
    if (this.state === 'computing') return this.onCycle();
    this.state = 'computing';
    try {
      this.value = this.compute();
      this.state = 'done';
      return this.value;
    } finally {
      if (this.state === 'computing') this.state = 'idle';
    }
  }
}

/** Lazy values by key: each computed once on first use, with the same cycle guard. */
export class Memo<T> {
  private readonly values = new Map<string, Lazy<T>>();

  get(key: string, compute: () => T, onCycle: () => T): T {
    let value = this.values.get(key);
    if (!value) this.values.set(key, (value = new Lazy(compute, onCycle)));
    return value.get();
  }
}
