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
