// FDSN fetch methods. The host makes the requests, so a remote caller may only name the
// well-known data centres: a URL of their choosing could point the host at its own network.
import { basename, dirname, join } from 'node:path';
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { queryStations } from '../fdsn/fetchData.js';
import { runFetchImport } from '../fdsn/fetchTask.js';
import { DEFAULT_LIMITS } from '../fdsn/request.js';
import { type ChannelQuery, type FdsnService, nslc, resolveService } from '../fdsn/services.js';
import { parseFdsnTime } from '../fdsn/stationText.js';

type FetchMethods = 'fetch.stations' | 'fetch.start';
type Handler<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

function serviceFor(name: string, caller: Caller): FdsnService {
  const service = resolveService(name);
  if (!service.known && !(caller.role === 'owner' && caller.local)) {
    throw new CoreError('forbidden', `only the owner at the host may fetch from a URL; choose a known data centre by name`);
  }
  return service;
}

function query(i: ParsedInput<'fetch.stations'>): ChannelQuery {
  const q = { network: i.network, station: i.station, location: i.location, channel: i.channel, start: parseFdsnTime(i.start), end: parseFdsnTime(i.end) };
  if (!(q.end > q.start)) throw new CoreError('invalid_input', `${nslc(q)}: the end time (${i.end}) must be after the start time (${i.start})`);
  return q;
}

export const fetchHandlers: { [M in FetchMethods]: Handler<M> } = {
  'fetch.stations': async (i, _core, caller) => {
    const service = serviceFor(i.service, caller);
    // Not a task: one short request, and the caller can cancel by closing the panel.
    return queryStations(service, query(i), { ...DEFAULT_LIMITS, timeoutMs: i.timeoutSeconds * 1000, retries: 1 }, new AbortController().signal);
  },
  'fetch.start': (i, core, caller) => {
    const p = core.requireProject();
    const service = serviceFor(i.service, caller);
    const q = query(i);
    const cacheDir = i.cacheDir ?? join(dirname(p.path), `${basename(p.path)}.fdsn-cache`);
    const task = core.tasks.start('fetch', `Fetch ${nslc(q)} from ${service.name}`, async (ctx) => {
      const res = await runFetchImport(p, core.parsePool, { ...q, service: i.service, cacheDir, chunkSeconds: i.chunkSeconds, timeoutSeconds: i.timeoutSeconds, windowing: i.windowing }, ctx);
      core.emit('windows.changed', { total: p.countWindows() });
      return res;
    });
    return { taskId: task.id };
  },
};
