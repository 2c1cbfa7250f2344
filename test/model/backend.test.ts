/**
 * Backend choice in Node (wasm and cpu only) and the recognition of software GPUs from the strings real
 * browsers report. The browser tests check the skip itself on SwiftShader (test/e2e/webgl.e2e.ts, webgpu.e2e.ts).
 */
import { describe, expect, it } from 'vitest';
import { describeSelection, NODE_LOADERS, selectBackend } from '../../src/model/backend';
import { softwareRendererName } from '../../src/model/software-gpu';

describe('softwareRendererName', () => {
  it('names the software rasterisers browsers report', () => {
    // Chromium 156 without a GPU (WebGL's unmasked renderer, then WebGPU's adapter vendor and architecture).
    expect(
      softwareRendererName(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe('SwiftShader');
    expect(softwareRendererName('google swiftshader')).toBe('SwiftShader');
    // Mesa on a Linux machine without a GPU (Firefox, or Chromium with --use-gl=desktop).
    expect(softwareRendererName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRendererName('ANGLE (Mesa, llvmpipe (LLVM 19.1.7 256 bits), OpenGL 4.5)')).toBe(
      'llvmpipe',
    );
    expect(softwareRendererName('mesa lavapipe')).toBe('lavapipe');
    expect(softwareRendererName('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)')).toBe(
      'Microsoft Basic Render Driver',
    );
  });

  it('leaves hardware GPUs alone', () => {
    for (const hw of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
      'ANGLE (Intel, Mesa Intel(R) Xe Graphics (TGL GT2), OpenGL 4.6)',
      'nvidia hopper',
      'WebKit WebGL',
      '',
    ])
      expect(softwareRendererName(hw)).toBeNull();
  });
});

describe('selectBackend in Node', () => {
  it('auto takes wasm and says why the GPU backends were skipped', async () => {
    const sel = await selectBackend('auto', NODE_LOADERS);
    expect(sel.backend).toBe('wasm');
    expect(sel.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
    expect(describeSelection(sel)).toMatch(/^wasm \(webgpu: not available in this environment; webgl: /);
  });

  it('runs a backend asked for by name', async () => {
    const sel = await selectBackend('cpu', NODE_LOADERS);
    expect(sel).toEqual({ backend: 'cpu', skipped: [], emulatedBy: null });
    expect(describeSelection(sel)).toBe('cpu');
  });
});
