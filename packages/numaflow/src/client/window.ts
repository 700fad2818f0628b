/**
 * Keeps up to `limit` requests in flight: pulls the next input each time an answer comes back, as the
 * platform's semaphore does. Resolves when every input has been answered.
 */
export function runWindowed<T, R>(
  inputs: Iterable<T>,
  limit: number,
  send: (input: T, index: number, done: (result: R) => void, fail: (err: Error) => void) => void,
  onResult?: (index: number, result: R) => void,
  collect = true,
): Promise<R[]> {
  return new Promise<R[]>((resolve, reject) => {
    const iterator = inputs[Symbol.iterator]();
    const results: R[] = [];
    let next = 0;
    let outstanding = 0;
    let exhausted = false;
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    const pump = (): void => {
      while (!exhausted && !failed && outstanding < limit) {
        const step = iterator.next();
        if (step.done) {
          exhausted = true;
          break;
        }
        const index = next++;
        outstanding++;
        const done = (result: R): void => {
          outstanding--;
          if (collect) results[index] = result;
          onResult?.(index, result);
          pump();
        };
        try {
          send(step.value, index, done, fail);
        } catch (err) {
          fail(err as Error);
        }
      }
      if (exhausted && outstanding === 0 && !failed) resolve(results);
    };
    pump();
  });
}
