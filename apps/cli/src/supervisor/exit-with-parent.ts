/**
 * Preloaded (`node --require`) into every app `newswire start` runs, which it spawns with an IPC
 * channel: the channel closes when the supervisor dies, however it dies (kill -9 included), and the
 * app then stops as on SIGTERM (a worker drains and leaves its group), or is ended after a grace if
 * that hangs. Without this, the apps of a killed supervisor ran on under pid 1, holding their ports.
 */
const GRACE_MS = 5000;

if (process.channel) {
  // The channel carries nothing: it must not keep an app alive that would otherwise exit.
  process.channel.unref();
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
