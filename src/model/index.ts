/** Public API of the model layer: everything the CLI, the worker and the tests use. */
export * from './fields';
export * from './config';
export * from './rng';
export * from './activations';
export * from './teacher';
export * from './data';
export * from './student';
export * from './engine';
export * from './testset';
export * from './lazy';
export * from './influence';
export * from './trajectories';
export * from './run';
export * from './backend';
export * from './tensor-codec';
export * from './export';
