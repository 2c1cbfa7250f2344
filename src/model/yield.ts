/**
 * Lets queued messages (pause, step, config changes) run between training steps. A MessageChannel post is a
 * macrotask without the 4 ms clamp of nested setTimeout; Node (tests, CLI) uses setImmediate, which also does
 * not keep a port open.
 */

type Resolve = () => void;

const pending: Resolve[] = [];
let port: MessagePort | null = null;

function channelPort(): MessagePort {
  if (port) return port;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => pending.shift()?.();
  port = channel.port2;
  return port;
}

/** Resolves after the event loop has had a chance to deliver incoming messages. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') {
      setImmediate(resolve);
      return;
    }
    pending.push(resolve);
    channelPort().postMessage(null);
  });
}

/**
 * How long a loop of synchronous training steps may run between two pauses: long enough that pausing costs
 * nothing measurable, short enough that messages (pause, Ctrl-C, batches drawn ahead by data workers) arrive
 * within a chunk of a few steps.
 */
export const YIELD_EVERY_MS = 8;

/**
 * Paces a loop of synchronous steps: each call returns a pause (a yieldToEventLoop promise) once `everyMs`
 * have passed since the previous pause ended (or since the pacer was made), and null otherwise.
 */
export function yieldPacer(
  now: () => number = () => performance.now(),
  everyMs = YIELD_EVERY_MS,
): () => Promise<void> | null {
  let last = now();
  return () => {
    if (now() - last < everyMs) return null;
    return yieldToEventLoop().then(() => {
      last = now();
    });
  };
}
