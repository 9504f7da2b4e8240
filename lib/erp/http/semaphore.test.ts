import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('never lets more than the capacity run at once, and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        semaphore.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          finished.push(i);
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(finished).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees the slot when the task throws, and ignores a double release', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await semaphore.acquire();
    release();
    release();
    const a = await semaphore.acquire();
    let secondGranted = false;
    const b = semaphore.acquire().then((r) => {
      secondGranted = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(secondGranted).toBe(false);
    a();
    (await b)();
  });

  it('rejects a capacity below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
