import { z } from 'zod';
import { Empty, method } from './define.js';
import { NewClassSchema, ProjectSchema, SourceSchema, StreamSchema } from './schemas.js';

export const projectsApi = {
  'projects.create': method(
    'Create a new project file with the given label classes and open it.',
    z.object({ path: z.string().min(1), classes: z.array(NewClassSchema).default([]) }),
    ProjectSchema,
  ),
  'projects.open': method(
    'Open an existing project file; readonly opens it for reading only (nothing in the file changes).',
    z.object({ path: z.string().min(1), readonly: z.boolean().optional() }),
    ProjectSchema,
  ),
  'projects.current': method('The project that is open now, or null.', Empty, ProjectSchema.nullable()),
  'projects.recent': method('Project files opened before, newest first.', Empty, z.array(z.string())),
  'projects.info': method(
    'Summary of the open project: sources, streams with sample counts, windows and labels per class.',
    Empty,
    z.object({
      project: ProjectSchema,
      sources: z.array(SourceSchema),
      streams: z.array(StreamSchema),
      windows: z.number(),
      labeled: z.number(),
      unsure: z.number(),
      skip: z.number(),
      perClass: z.array(z.object({ classId: z.number(), name: z.string(), count: z.number() })),
    }),
  ),
};
