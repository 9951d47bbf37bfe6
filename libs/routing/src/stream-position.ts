/**
 * Where a server-sent event stream over a topic is: the next offset of each partition, as the
 * event id `0:12,1:40,2:7`, so that `Last-Event-ID` resumes every partition where it was.
 */
export type StreamPosition = Map<number, bigint>;

export function encodePosition(position: StreamPosition): string {
  return [...position.entries()]
    .sort(([a], [b]) => a - b)
    .map(([p, o]) => `${p}:${o}`)
    .join(',');
}

/** undefined for an id this stream did not write. */
export function decodePosition(id: string): StreamPosition | undefined {
  if (!/^\d{1,5}:\d{1,19}(,\d{1,5}:\d{1,19})*$/.test(id)) return undefined;
  return new Map(
    id.split(',').map((pair) => {
      const [p, o] = pair.split(':');
      return [Number(p), BigInt(o)] as const;
    }),
  );
}
