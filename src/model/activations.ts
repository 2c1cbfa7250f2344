/** Teacher activations Φ and their derivatives Φ' (SPEC §4), evaluated in float64 on the CPU. */
import type { Activation } from './config';

export interface ActivationFn {
  f: (u: number) => number;
  df: (u: number) => number;
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

export const ACTIVATION_FNS: Record<Activation, ActivationFn> = {
  sin: { f: Math.sin, df: Math.cos },
  cos: { f: Math.cos, df: (u) => -Math.sin(u) },
  tanh: { f: Math.tanh, df: (u) => 1 - Math.tanh(u) ** 2 },
  sigmoid: { f: sigmoid, df: (u) => sigmoid(u) * (1 - sigmoid(u)) },
  exp: { f: Math.exp, df: Math.exp },
  // log(1 + e^u) written to stay finite for large |u|.
  softplus: { f: (u) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))), df: sigmoid },
  identity: { f: (u) => u, df: () => 1 },
  square: { f: (u) => u * u, df: (u) => 2 * u },
  cube: { f: (u) => u * u * u, df: (u) => 3 * u * u },
};
