// Caps the number of HTTP calls in flight to one ERP system. ERP systems limit
// work processes or sessions per user; a burst of parallel calls from us would
// queue or fail there, so we queue here where we can see it.
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`semaphore capacity must be a positive integer, got ${capacity}`);
    this.available = capacity;
  }

  /** Resolves with a release function once a slot is free (first come, first served). */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        let released = false;
        resolve(() => {
          // Releasing twice would let one more caller in than the cap allows.
          if (released) return;
          released = true;
          const next = this.waiters.shift();
          if (next) next();
          else this.available += 1;
        });
      };
      if (this.available > 0) {
        this.available -= 1;
        grant();
      } else {
        this.waiters.push(grant);
      }
    });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
