// The embedding map: every window as a point (PCA, UMAP or t-SNE of its features or of the
// model's embedding), computed in the background and shown while it refines; hover shows
// the waveform, a click opens the window for labeling, a lasso chooses a group to label or
// queue. See docs/DOMAIN.md: maps suggest hypotheses, and differ between runs.
import { useEffect, useMemo, useRef, useState } from 'react';
import { base64ToF32 } from '../../core/common/base64.js';
import type { Output } from '../../core/common/api/index.js';
import { MapStabilityResultSchema } from '../../core/common/api/maps.js';
import { WindowCache } from '../lib/windowCache.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { GroupDialog } from './GroupDialog.js';
import { byCluster, byFeature, byLabel, byPrediction, byStation, byUncertainty, type Colouring } from './mapColours.js';
import { mapCsv, mapSvg } from './mapExport.js';
import { MapSide } from './MapSide.js';
import { Scatter, type ScatterHandle } from './Scatter.js';
import { useMapStore } from './useMapStore.js';
import { WaveThumb } from './WaveThumb.js';
import './map.css';

type Predictions = Output<'predictions.forWindows'>;

const download = (name: string, blob: Blob) => {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
};

export function MapScreen() {
  const client = useSessionStore((s) => s.client)!;
  const project = useSessionStore((s) => s.project)!;
  const classes = useSessionStore((s) => s.classes);
  const annotator = useSessionStore((s) => s.annotator);
  const s = useMapStore();
  const cache = useMemo(() => new WindowCache(client), [client]);
  const scatter = useRef<ScatterHandle | null>(null);
  const [method, setMethod] = useState<'umap' | 'pca' | 'tsne'>('umap');
  const [source, setSource] = useState<'features' | 'model'>('features');
  const [seed, setSeed] = useState(0);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [group, setGroup] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [preds, setPreds] = useState<Predictions | null>(null);
  const [feature, setFeature] = useState<Output<'maps.featureValues'> | null>(null);
  const [hasModel, setHasModel] = useState(false);

  const fail = (e: Error) => s.set({ message: e.message });

  useEffect(() => {
    const st = useMapStore.getState();
    void Promise.all([st.load(client), st.loadWindows(client), client.call('models.list').then((m) => setHasModel(m.length > 0))]).catch(fail);
    const offProgress = client.on('map.progress', (e) => {
      if (e.taskId !== useMapStore.getState().task?.id) return;
      useMapStore.getState().showSnapshot(base64ToF32(e.coords), e.windowIds);
    });
    const offTask = client.on('task.progress', (t) => {
      const cur = useMapStore.getState().task;
      if (!cur || t.id !== cur.id) return;
      if (t.status === 'running') return useMapStore.getState().set({ task: { ...cur, done: t.done, total: t.total, message: t.message } });
      useMapStore.getState().set({ task: null, message: t.status === 'done' ? null : `${cur.kind === 'map' ? 'Map' : 'Stability check'} ${t.status}: ${t.message}` });
      if (t.status !== 'done') return void useMapStore.getState().load(client);
      if (cur.kind === 'map') void useMapStore.getState().load(client, (t.result as { mapId: number }).mapId);
      else useMapStore.getState().set({ stability: MapStabilityResultSchema.parse(t.result) });
    });
    const offLabels = client.on('labels.changed', (e) => {
      const windows = new Map(useMapStore.getState().windows);
      const w = windows.get(e.windowId);
      if (w) windows.set(e.windowId, { ...w, label: e.current });
      useMapStore.getState().set({ windows });
    });
    const offWindows = client.on('windows.changed', () => void useMapStore.getState().loadWindows(client));
    return () => { offProgress(); offTask(); offLabels(); offWindows(); };
  }, [client]);

  // Predictions and feature values are fetched only when the colouring needs them.
  useEffect(() => {
    if ((s.colourBy !== 'prediction' && s.colourBy !== 'uncertainty') || !s.windowIds.length) return;
    let live = true;
    (async () => {
      const probs: (number[] | null)[] = [];
      let last: Predictions = { modelId: null, classIds: [], probs: [] };
      // The API answers at most 10,000 windows per call.
      for (let i = 0; i < s.windowIds.length; i += 10_000) {
        last = await client.call('predictions.forWindows', { windowIds: s.windowIds.slice(i, i + 10_000) });
        probs.push(...last.probs);
      }
      if (live) setPreds({ ...last, probs });
    })().catch(fail);
    return () => { live = false; };
  }, [client, s.colourBy, s.windowIds]);
  useEffect(() => {
    if (s.colourBy !== 'feature' || !s.info) return;
    let live = true;
    client.call('maps.featureValues', { mapId: s.info.id, feature: s.feature }).then((f) => live && setFeature(f), fail);
    return () => { live = false; };
  }, [client, s.colourBy, s.feature, s.info]);

  const summaries = useMemo(() => s.windowIds.map((id) => s.windows.get(id)), [s.windowIds, s.windows]);
  const clusterLabels = s.clusters?.labels ?? s.storedClusters?.labels ?? null;
  const colouring: Colouring = useMemo(() => {
    const n = s.windowIds.length;
    switch (s.colourBy) {
      case 'prediction': return preds && preds.probs.length === n ? byPrediction(preds.probs, preds.classIds, classes) : byLabel(summaries, classes);
      case 'uncertainty': return preds && preds.probs.length === n ? byUncertainty(preds.probs) : byLabel(summaries, classes);
      case 'cluster': return byCluster(clusterLabels && clusterLabels.length === n ? clusterLabels : null, n);
      case 'station': return byStation(summaries);
      case 'feature': return feature && feature.values.length === n && feature.feature === s.feature ? byFeature(feature.values.map((v) => v ?? NaN), feature.feature, feature.unit) : byLabel(summaries, classes);
      default: return byLabel(summaries, classes);
    }
  }, [s.colourBy, s.windowIds, s.feature, summaries, classes, preds, clusterLabels, feature]);

  const compute = async () => {
    s.set({ message: null, stability: null });
    try {
      const { taskId } = await client.call('maps.compute', { method, source, seed });
      s.set({ task: { id: taskId, kind: 'map', done: 0, total: 0, message: 'starting' } });
    } catch (e) {
      fail(e as Error);
    }
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      fail(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const openWindow = (index: number) => {
    const id = s.windowIds[index];
    if (id === undefined) return;
    localStorage.setItem(`seislabel.cursor:${project.path}`, String(id));
    useLabelingStore.setState({ windows: [] });
    useSessionStore.getState().setScreen('label');
  };
  const selectedIds = () => s.selected.map((i) => s.windowIds[i]!).filter((id) => id !== undefined);

  const exportMap = async (kind: 'png' | 'svg' | 'csv') => {
    const base = `${project.name}-map-${s.info?.method ?? 'map'}-seed${s.info?.seed ?? 0}`;
    if (kind === 'png' && scatter.current) return download(`${base}.png`, await scatter.current.exportPng());
    if (kind === 'svg') return download(`${base}.svg`, new Blob([mapSvg(s.coords, colouring, { title: base })], { type: 'image/svg+xml' }));
    const names = new Map(classes.map((c) => [c.id, c.name]));
    const rows = s.windowIds.map((id, i) => {
      const w = s.windows.get(id);
      const l = w?.label;
      return {
        windowId: id, x: s.coords[2 * i]!, y: s.coords[2 * i + 1]!, station: w ? `${w.network}.${w.station}` : '',
        label: !l ? '' : l.kind === 'class' ? (names.get(l.classId!) ?? '') : l.kind, cluster: clusterLabels?.[i] ?? null,
        colourValue: colouring.kind === 'categorical' ? (colouring.legend[colouring.values[i]!]?.name ?? '') : String(colouring.values[i]),
      };
    });
    download(`${base}.csv`, new Blob([mapCsv(rows, `colour_${s.colourBy}`)], { type: 'text/csv' }));
  };

  const running = s.task;
  return (
    <main className="map-screen" aria-label="Embedding map">
      <div className="toolbar" role="toolbar" aria-label="Map">
        <label>method
          <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)} data-testid="map-method">
            <option value="umap">UMAP</option>
            <option value="pca">PCA</option>
            <option value="tsne">t-SNE (≤ 3,000 windows)</option>
          </select>
        </label>
        <label>from
          <select value={source} onChange={(e) => setSource(e.target.value as typeof source)} data-testid="map-source">
            <option value="features">window features (standardised)</option>
            <option value="model" disabled={!hasModel}>newest model's embedding</option>
          </select>
        </label>
        <label>seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} style={{ width: '5em' }} data-testid="map-seed" /></label>
        {running ? (
          <>
            <progress max={running.total || 1} value={running.done} />
            <span className="muted" data-testid="map-task">{running.message}</span>
            <button type="button" onClick={() => void client.call('tasks.cancel', { id: running.id }).catch(fail)} data-testid="map-cancel">Cancel</button>
          </>
        ) : (
          <button type="button" onClick={() => void compute()} data-testid="map-compute">Compute map</button>
        )}
        {s.info && !running && (
          <span className="muted" data-testid="map-info">
            {s.info.method.toUpperCase()} of {s.info.source === 'model' ? `model #${s.info.modelId}'s embedding` : 'window features'}, seed {s.info.seed}, {s.windowIds.length} windows, {(s.info.computeMs / 1000).toFixed(1)} s
          </span>
        )}
        <button type="button" className="link" onClick={() => scatter.current?.resetView()}>reset view</button>
      </div>
      {s.message && <p className="error banner" role="alert">{s.message} <button type="button" className="link" onClick={() => s.set({ message: null })}>dismiss</button></p>}
      {s.notice && <p className="notice banner" role="status" data-testid="map-notice">{s.notice} <button type="button" className="link" onClick={() => s.set({ notice: null })}>dismiss</button></p>}
      <div className="map-body">
        <div className="map-area">
          <Scatter
            coords={s.coords}
            colouring={colouring}
            mode={s.mode}
            selected={s.selected}
            handle={scatter}
            onHover={(i, at) => setHover(i === null || !at ? null : { index: i, ...at })}
            onOpen={openWindow}
            onSelect={(sel) => s.set({ selected: sel })}
          />
          {!s.windowIds.length && <p className="map-empty">{running ? 'Preparing the map…' : 'No map yet: choose a method and press “Compute map”.'}</p>}
          {hover && s.windowIds[hover.index] !== undefined && (
            <div className="hover-card" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="map-hover">
              <WaveThumb cache={cache} windowId={s.windowIds[hover.index]!} />
              <span className="muted">click to open for labeling</span>
            </div>
          )}
        </div>
        <MapSide
          colouring={colouring}
          canPredict={hasModel}
          busy={busy || !!running}
          onCluster={(k, space) => void run(async () => s.set({ clusters: await client.call('maps.clusters', { mapId: s.info!.id, k, space }), colourBy: 'cluster' }))}
          onSuggest={(space) => void run(async () => s.set({ suggest: await client.call('maps.suggestK', { mapId: s.info!.id, space }) }))}
          onStability={() => void run(async () => {
            const { taskId } = await client.call('maps.stability', { mapId: s.info!.id, runs: 3 });
            s.set({ task: { id: taskId, kind: 'stability', done: 0, total: 0, message: 'recomputing with other seeds' }, stability: null });
          })}
          onLabelGroup={() => setGroup(selectedIds())}
          onQueue={() => void run(async () => {
            const ids = selectedIds();
            const q = await client.call('maps.queue', { mapId: s.info!.id, windowIds: ids });
            localStorage.setItem(`seislabel.cursor:${project.path}`, String(ids.slice().sort((a, b) => a - b)[0]));
            s.set({ notice: `Queued ${q.count} windows (batch #${q.batchId}); labeling resumes at the first of them.` });
          })}
          onExport={(k) => void exportMap(k).catch(fail)}
        />
      </div>
      {group && annotator && (
        <GroupDialog
          windowIds={group}
          classes={classes}
          cache={cache}
          busy={busy}
          onCancel={() => setGroup(null)}
          onLabel={(kind, classId) => void run(async () => {
            const res = await client.call('maps.labelWindows', { windowIds: group, annotatorId: annotator.id, kind, classId: classId ?? null });
            setGroup(null);
            s.set({ selected: [], message: null });
            await useSessionStore.getState().refreshInfo();
            s.set({ notice: `Labeled ${res.labeled} windows.` });
          })}
        />
      )}
    </main>
  );
}
