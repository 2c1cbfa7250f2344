/**
 * The buffers a `snapshot` message moves instead of copying: the weight copies made for it. The teacher is
 * cloned, never moved, because the running run still uses its arrays.
 */
import type { SnapshotMessage } from './recovery-messages';

export function snapshotBuffers(msg: SnapshotMessage): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const w of [msg.current, msg.initial]) {
    if (!w) continue;
    for (const a of [w.W, w.A, w.B])
      if (a.buffer instanceof ArrayBuffer && !buffers.includes(a.buffer)) buffers.push(a.buffer);
  }
  return buffers;
}
