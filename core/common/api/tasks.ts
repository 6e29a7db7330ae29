import { z } from 'zod';
import { Empty, method, Ok } from './define.js';
import { TaskSchema } from './schemas.js';

export const tasksApi = {
  'tasks.list': method('Background tasks of this session, newest first.', Empty, z.array(TaskSchema)),
  'tasks.get': method('One background task with its progress and errors.', z.object({ id: z.string() }), TaskSchema),
  'tasks.cancel': method('Ask a running background task to stop.', z.object({ id: z.string() }), Ok),
};
