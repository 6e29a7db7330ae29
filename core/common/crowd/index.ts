// Crowd labeling, pure and store-independent: votes → consensus, agreement, annotator
// quality, label-error detection, simulation and imports. The store, the API methods and
// the views of issue 12 build on these functions.
export * from './votes.js';
export * from './majority.js';
export * from './dawidSkene.js';
export * from './agreement.js';
export * from './quality.js';
export * from './confidentLearning.js';
export * from './outOfFold.js';
export * from './simulate.js';
export * from './crowdTable.js';
export * from './review.js';
export * from './parseLabels.js';
export * from './zooniverse.js';
export * from './incremental.js';
