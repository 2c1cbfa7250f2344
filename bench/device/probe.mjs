// Prints what Dawn sees, like `vulkaninfo --summary`: the adapter it picks, its key limits and features.
// Usage: node probe.mjs DAWN_NODE [dawn flag]... ; exits 1 when no adapter is found. No dependencies.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [binding, ...flags] = process.argv.slice(2);
if (!binding) {
  console.error('usage: node probe.mjs path/to/dawn.node [dawn flag]...');
  process.exit(2);
}
const { create, globals } = createRequire(import.meta.url)(resolve(binding));
Object.assign(globalThis, globals);
const gpu = create(flags);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (adapter === null) {
  console.log(`Dawn found no adapter with flags [${flags.join(' ')}].`);
  // Dawn lists the adapters it can see when asked for one that does not exist.
  try {
    await create([...flags.filter((f) => !f.startsWith('adapter=')), 'adapter=?']).requestAdapter();
  } catch (e) {
    console.log(e instanceof Error ? e.message : String(e));
  }
  process.exit(1);
}
const info = adapter.info;
console.log(
  `Dawn adapter: vendor=${info.vendor} architecture=${info.architecture} device=${info.device} ` +
    `description=${info.description}`,
);
const limits = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
];
console.log(`limits: ${limits.map((k) => `${k}=${adapter.limits[k]}`).join(' ')}`);
console.log(`features: ${[...adapter.features].sort().join(' ')}`);
process.exit(0);
