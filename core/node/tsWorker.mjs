// Worker bootstrap for development and tests: registers tsx's loader in this thread, then
// loads the TypeScript worker module named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__tsEntry);
