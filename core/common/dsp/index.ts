// Signal processing for seismic windows: pure functions and reusable plans, no platform code.
export * from './fft.js';
export * from './preprocess.js';
export * from './butterworth.js';
export * from './filter.js';
export * from './hilbert.js';
export * from './stalta.js';
export * from './spectral.js';
export * from './aicPick.js';
