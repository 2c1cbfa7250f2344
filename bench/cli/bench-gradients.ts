/**
 * Registers tfjs's gradient functions in Node, for the autodiff baseline.
 *
 * tfjs-core's Node bundle (its `main`) ships no gradients; they live only in its ES-module files
 * (`dist/register_all_gradients.js`), whose relative imports have no file extension. Node's ES-module loader
 * refuses those, and tsx resolves `./gradients` to the folder of that name instead of `gradients.js`. A
 * resolve hook that adds `.js` to extensionless relative imports inside tfjs-core's `dist/` makes them load.
 * The gradients register in tfjs's global registry, which the Node bundle shares, so autodiff then works.
 * (Vite and vitest resolve these imports themselves: there a plain side-effect import is enough.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { register } from 'node:module';

const RESOLVE_HOOK = `
export async function resolve(specifier, context, next) {
  const parent = context.parentURL ?? '';
  if (specifier.startsWith('.') && !/\\.[cm]?js$/.test(specifier) && parent.includes('/@tensorflow/tfjs-core/dist/')) {
    return next(specifier + '.js', context);
  }
  return next(specifier, context);
}`;

let registered = false;

/** Loads tfjs-core's gradient registrations once; safe to call again. */
export async function registerGradients(): Promise<void> {
  if (registered || tf.getGradient('BatchMatMul') !== undefined) return;
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (tf.getGradient('BatchMatMul') === undefined)
    throw new Error('tfjs gradients did not register; the autodiff baseline cannot run.');
  registered = true;
}
