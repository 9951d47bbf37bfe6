/**
 * Serves the calls made in one turn of the event loop with one run of `serve`, each call getting
 * its item's result. The consumer hands a round's partitions to the sink side by side, and one
 * database transaction for all of them costs far less than one each. A failed run fails every call
 * in it. Calls made while a run is under way start a new one: nothing waits for another run.
 */
interface Call<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function tickBatcher<T, R>(serve: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let queue: Call<T, R>[] | undefined;
  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (!queue) {
        const calls: Call<T, R>[] = (queue = []);
        queueMicrotask(() => {
          queue = undefined;
          serve(calls.map((c) => c.item)).then(
            (results) => calls.forEach((c, i) => c.resolve(results[i])),
            (error: unknown) => calls.forEach((c) => c.reject(error)),
          );
        });
      }
      queue.push({ item, resolve, reject });
    });
}
