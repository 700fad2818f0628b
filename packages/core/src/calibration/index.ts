export * from './tail.js';
export * from './likelihood.js';
