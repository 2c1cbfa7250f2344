/**
 * Notices when the GPU under the active backend goes away: a WebGPU device that is lost or destroyed, or a
 * WebGL context that is lost. After that the backend computes nothing useful (reads reject, hang or return
 * zeros), so the trainer must move to another backend. One watch follows one backend; `detach` stops it
 * reporting (the trainer is leaving that backend anyway).
 */
import { glContext, gpuDevice } from '../shared/device';
import type { BackendName } from '../protocol/training-protocol';

export class BackendWatch {
  private lostReason: string | null = null;
  private token = 0;
  private backend: BackendName | null = null;
  private detachGl: (() => void) | null = null;

  /** `onLost` is called once per watched backend, with a sentence saying what happened. */
  constructor(private readonly onLost: (reason: string) => void) {}

  /** Starts watching the backend tfjs now runs on. */
  attach(backend: BackendName): void {
    this.detach();
    const token = ++this.token;
    this.backend = backend;
    this.lostReason = null;
    const report = (reason: string) => {
      if (token !== this.token || this.lostReason) return;
      this.lostReason = reason;
      this.onLost(reason);
    };
    if (backend === 'webgpu') {
      void gpuDevice()?.lost?.then((info) => {
        const why = info.message
          ? `${info.reason ?? 'unknown'}: ${info.message}`
          : (info.reason ?? 'no reason given');
        report(`the WebGPU device was lost (${why})`);
      });
    } else if (backend === 'webgl') {
      const gl = glContext();
      if (!gl) return;
      const listener = () => report('the WebGL context was lost');
      gl.canvas.addEventListener('webglcontextlost', listener);
      this.detachGl = () => gl.canvas.removeEventListener('webglcontextlost', listener);
    }
  }

  detach(): void {
    this.token += 1;
    this.detachGl?.();
    this.detachGl = null;
    this.backend = null;
  }

  /**
   * The loss already known, or found by asking the context directly (a lost WebGL context says so at once;
   * its event comes a task later).
   */
  lostNow(): string | null {
    if (this.lostReason) return this.lostReason;
    if (this.backend === 'webgl' && glContext()?.isContextLost()) return 'the WebGL context was lost';
    return null;
  }

  /**
   * After a failure: waits up to `ms` for a loss report (a destroyed WebGPU device rejects reads before its
   * `lost` promise settles). Null when the backend seems fine, so the failure is a real error.
   */
  async confirm(ms: number): Promise<string | null> {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      const lost = this.lostNow();
      if (lost) return lost;
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.lostNow();
  }
}

/** Test faults: destroys the WebGPU device or loses the WebGL context of the active backend. */
export function loseBackend(kind: 'device-loss' | 'context-loss'): string | null {
  if (kind === 'device-loss') {
    const device = gpuDevice();
    if (!device?.destroy) return 'the active backend has no WebGPU device';
    device.destroy();
    return null;
  }
  const ext = glContext()?.getExtension('WEBGL_lose_context') as { loseContext(): void } | null | undefined;
  if (!ext) return 'the active backend has no WebGL context that can be lost';
  ext.loseContext();
  return null;
}
