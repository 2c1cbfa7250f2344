/**
 * Benchmark (not a test): what a texture fetch and a multiply-add cost in a WebGL2 fragment shader here, and so
 * how fast a matrix product written as fragment programs can be. On SwiftShader (Chromium's WebGL without a
 * GPU) this bounds the RNN kernels of src/model/kernels/webgl-programs.ts; BENCHMARKS.md works the bound out.
 *
 *   npx tsx bench/browser/bench-webgl-fetch.ts [--size 256] [--depth 1024] [--repeats 10] [--json]
 *
 * Each variant draws a size × size RGBA32F target once per repeat; every pixel loops `depth` times. The loop
 * bodies, per pixel and iteration:
 *   mac16      16 multiply-adds, no fetch (the arithmetic alone)
 *   fetch2     2 texture() fetches + 16 multiply-adds
 *   fetch4     4 fetches + 16 multiply-adds
 *   block2x2   4 fetches + 32 multiply-adds into 4 accumulators (the kernels' recurrence block: 4 targets)
 *   block2x4   6 fetches + 64 multiply-adds into 8 accumulators (the largest block 8 render targets allow)
 *   ubo2       2 reads of a uniform buffer + 16 multiply-adds (an alternative to textures)
 * Fetches walk along texel rows, and the loop is unrolled four times, as in the kernels.
 */
import { parseArgs } from 'node:util';
import { launch } from '../../test/e2e/chromium';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    depth: { type: 'string', default: '1024' },
    repeats: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const depth = Number(values.depth);
const repeats = Number(values.repeats);
for (const [name, v] of Object.entries({ size, depth, repeats }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
if (depth % 4 !== 0) throw new Error('--depth must be a multiple of 4 (the loop is unrolled four times)');

const MAC = 'c0 += a.xxzz * b.xyxy; c1 += a.yyww * b.zwzw;';
const at = (y: string) => `texture(t, vec2(u, ${y}))`;
const block = (rows: number, cols: number) => {
  const fetches = [
    ...Array.from({ length: rows }, (_, r) => `vec4 a${r} = ${at(`y + ${(0.1 * r).toFixed(1)}`)};`),
    ...Array.from({ length: cols }, (_, c) => `vec4 b${c} = ${at(`y + ${(0.5 + 0.1 * c).toFixed(1)}`)};`),
  ];
  const macs = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      macs.push(`d${r}${c} += a${r}.xxzz * b${c}.xyxy; d${r}${c} += a${r}.yyww * b${c}.zwzw;`);
  return `${fetches.join(' ')} ${macs.join(' ')}`;
};

/** Loop bodies; `u` is the iteration's texel column, `y` the pixel's row. */
const VARIANTS: Record<string, { body: string; fetches: number; macs: number }> = {
  mac16: { body: `vec4 a = vec4(u, y, 1.0, 2.0); vec4 b = a.wzyx; ${MAC}`, fetches: 0, macs: 16 },
  fetch2: { body: `vec4 a = ${at('y')}; vec4 b = ${at('y + 0.5')}; ${MAC}`, fetches: 2, macs: 16 },
  fetch4: {
    body: `vec4 a = ${at('y')}; vec4 b = ${at('y + 0.5')}; vec4 a2 = ${at('y + 0.25')}; vec4 b2 = ${at('y + 0.75')};
      ${MAC} c0 += a2.xxzz * b2.xyxy; c1 += a2.yyww * b2.zwzw;`,
    fetches: 4,
    macs: 16,
  },
  block2x2: { body: block(2, 2), fetches: 4, macs: 32 },
  block2x4: { body: block(2, 4), fetches: 6, macs: 64 },
  ubo2: {
    body: `vec4 a = ub[(k + row) & 4095]; vec4 b = ub[(3 * k + row) & 4095]; ${MAC}`,
    fetches: 2,
    macs: 16,
  },
};

/** The page script: returns milliseconds per draw for each variant, and the renderer. */
const pageScript = `(() => {
  const size = ${size}, depth = ${depth}, repeats = ${repeats};
  const variants = ${JSON.stringify(Object.fromEntries(Object.entries(VARIANTS).map(([k, v]) => [k, v.body])))};
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) throw new Error('no WebGL2');
  if (!gl.getExtension('EXT_color_buffer_float')) throw new Error('no float render targets');
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  const VS = '#version 300 es\\nvoid main() { vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2)); gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); }';
  const head = '#version 300 es\\nprecision highp float; precision highp int; precision highp sampler2D;\\n' +
    'uniform sampler2D t; layout(std140) uniform U { vec4 ub[4096]; }; out vec4 o;\\n' +
    'void main() { ivec2 p = ivec2(gl_FragCoord.xy); float y = (float(p.y) + 0.5) / ' + (4 * size) + '.0; int row = p.y * 3 + p.x;\\n' +
    '  vec4 c0 = vec4(0.0), c1 = c0, d00 = c0, d01 = c0, d02 = c0, d03 = c0, d10 = c0, d11 = c0, d12 = c0, d13 = c0;\\n' +
    '  for (int k0 = 0; k0 < ' + depth + '; k0 += 4) {\\n';
  const unrolled = (body) => [0, 1, 2, 3].map((i) => '{ int k = k0 + ' + i + '; float u = (float(k) + 0.5) / ' + depth + '.0; ' + body + ' }').join('\\n');
  const tail = '\\n  }\\n  o = c0 + c1 + d00 + d01 + d02 + d03 + d10 + d11 + d12 + d13;\\n}';
  const compile = (fs) => {
    const p = gl.createProgram();
    for (const [type, src] of [[gl.VERTEX_SHADER, VS], [gl.FRAGMENT_SHADER, fs]]) {
      const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
      gl.attachShader(p, s);
    }
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
    return p;
  };
  const texture = (w, h, data) => {
    const t = gl.createTexture(); gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, w, h, 0, gl.RGBA, gl.FLOAT, data);
    for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
    for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
    return t;
  };
  const random = (n) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5; return a; };
  const input = texture(depth, 4 * size, random(depth * 4 * size * 4));
  const target = texture(size, size, null);
  const fb = gl.createFramebuffer(); gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
  const ubo = gl.createBuffer(); gl.bindBuffer(gl.UNIFORM_BUFFER, ubo);
  gl.bufferData(gl.UNIFORM_BUFFER, random(4096 * 4), gl.STATIC_DRAW);
  gl.bindBufferBase(gl.UNIFORM_BUFFER, 0, ubo);
  gl.viewport(0, 0, size, size);
  gl.bindVertexArray(gl.createVertexArray());
  gl.activeTexture(gl.TEXTURE0); gl.bindTexture(gl.TEXTURE_2D, input);
  const pixel = new Float32Array(4);
  const ms = {};
  for (const [name, body] of Object.entries(variants)) {
    const p = compile(head + unrolled(body) + tail);
    gl.useProgram(p);
    gl.uniform1i(gl.getUniformLocation(p, 't'), 0);
    const block = gl.getUniformBlockIndex(p, 'U');
    if (block !== gl.INVALID_INDEX) gl.uniformBlockBinding(p, block, 0);
    const once = () => { gl.drawArrays(gl.TRIANGLES, 0, 3); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, pixel); };
    once();
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) once();
    ms[name] = (performance.now() - t0) / repeats;
    gl.deleteProgram(p);
  }
  return { renderer, ms };
})()`;

const browser = await launch({ webgpu: false });
try {
  await browser.page.setContent('<!doctype html><title>WebGL fetch bench</title>');
  const { renderer, ms } = (await browser.page.evaluate(pageScript)) as {
    renderer: string;
    ms: Record<string, number>;
  };
  const iterations = size * size * depth;
  /** Nanoseconds per pixel and iteration. */
  const ns = (name: string) => ((ms[name] as number) * 1e6) / iterations;
  const fetchNs = (ns('fetch4') - ns('fetch2')) / 2;
  const rows = Object.entries(VARIANTS).map(([name, v]) => ({
    variant: name,
    fetches: v.fetches,
    multiplyAdds: v.macs,
    msPerDraw: Number((ms[name] as number).toFixed(1)),
    nsPerIteration: Number(ns(name).toFixed(3)),
    nsPerMultiplyAdd: Number((ns(name) / v.macs).toFixed(4)),
  }));
  const summary = {
    renderer,
    size,
    depth,
    repeats,
    nsPerFetch: Number(fetchNs.toFixed(3)),
    nsPerMultiplyAdd: Number((ns('mac16') / 16).toFixed(4)),
    rows,
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    console.log(`renderer: ${renderer}`);
    console.log(
      `${size}×${size} pixels × ${depth} iterations per draw, ${repeats} draws each; per pixel and iteration:`,
    );
    console.log('variant    fetches  multiply-adds  ms/draw  ns/iteration  ns/multiply-add');
    for (const r of rows)
      console.log(
        `${r.variant.padEnd(10)} ${String(r.fetches).padStart(7)}  ${String(r.multiplyAdds).padStart(13)}  ${r.msPerDraw.toFixed(1).padStart(7)}  ${r.nsPerIteration.toFixed(3).padStart(12)}  ${r.nsPerMultiplyAdd.toFixed(4).padStart(15)}`,
      );
    console.log(
      `one texture fetch ≈ ${summary.nsPerFetch} ns, one multiply-add ≈ ${summary.nsPerMultiplyAdd} ns (per pixel)`,
    );
  }
} finally {
  await browser.close();
}
