/** A value computed once on first use; re-entry while computing (a cycle) yields `onCycle()` instead of recursing. */
export class Lazy<T> {
  private state: 'idle' | 'computing' | 'done' = 'idle';
  private value: T | undefined;

  constructor(
    private readonly compute: () => T,
    private readonly onCycle: () => T,
  ) {}

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
