import { z } from 'zod';
import { Empty, Id, method, Ok } from './define.js';
import { AnnotatorSchema, ClassSchema, NewClassSchema } from './schemas.js';

export const classesApi = {
  'classes.list': method('The label classes in display order.', Empty, z.array(ClassSchema)),
  'classes.create': method('Add a label class (name, hotkey, colour, description).', NewClassSchema, ClassSchema),
  'classes.update': method(
    "Change a class's name, hotkey, colour, description or example windows.",
    NewClassSchema.partial().extend({ id: Id, exampleWindowIds: z.array(Id).optional() }),
    ClassSchema,
  ),
  'classes.archive': method('Hide a class from labeling; its past labels stay in the history.', z.object({ id: Id }), Ok),
};

export const annotatorsApi = {
  'annotators.list': method('People (and importers) who have labeled in this project.', Empty, z.array(AnnotatorSchema)),
  'annotators.ensure': method('The annotator with this name, created on first use.', z.object({ name: z.string().min(1).max(80) }), AnnotatorSchema),
};
