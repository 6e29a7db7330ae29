// Per-window features for clustering, classifiers and active learning.
export * from './definitions.js';
export * from './extract.js';
