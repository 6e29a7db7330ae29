// The whole API: the union of the domain modules. Clients and hosts are typed from `api`,
// so renaming a method breaks the build on both sides.
import type { z } from 'zod';
import { annotatorsApi, classesApi } from './classes.js';
import { crowdApi } from './crowd.js';
import { exportsApi } from './exports.js';
import { fetchApi } from './fetch.js';
import { guideApi } from './guide.js';
import { importsApi } from './imports.js';
import { insightsApi } from './insights.js';
import { labelsApi } from './labels.js';
import { mapsApi } from './maps.js';
import { peopleApi } from './people.js';
import { alApi, modelsApi } from './models.js';
import { projectsApi } from './projects.js';
import { streamsApi } from './streams.js';
import { tasksApi } from './tasks.js';
import { windowsApi } from './windows.js';

export const api = {
  ...projectsApi,
  ...importsApi,
  ...fetchApi,
  ...windowsApi,
  ...labelsApi,
  ...classesApi,
  ...annotatorsApi,
  ...tasksApi,
  ...streamsApi,
  ...modelsApi,
  ...alApi,
  ...mapsApi,
  ...insightsApi,
  ...peopleApi,
  ...exportsApi,
  ...crowdApi,
  ...guideApi,
};

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (defaults optional). */
export type Input<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type Output<M extends MethodName> = z.output<Api[M]['output']>;

export const isMethodName = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(api, name);

export type { ApiResult } from './define.js';
export { events, type EventName, type EventPayload } from './events.js';
export { access, LOCAL_OWNER, mayCall, ROLES, type Caller, type Role } from './roles.js';
