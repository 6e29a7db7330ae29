// The shell: connects to the core, then shows the project, labeling or browser screen.
import { useEffect, useRef, useState } from 'react';
import { LabelingScreen } from './labeling/LabelingScreen.js';
import { TraceBrowser } from './browser/TraceBrowser.js';
import { MapScreen } from './map/MapScreen.js';
import { DashboardScreen } from './dashboard/DashboardScreen.js';
import { FeaturesScreen } from './features/FeaturesScreen.js';
import { connectCore } from './lib/connect.js';
import { ProjectScreen } from './project/ProjectScreen.js';
import { TeamScreen } from './team/TeamScreen.js';
import { useSessionStore, type Screen } from './stores/useSessionStore.js';
import { useVolunteerStore } from './volunteer/useVolunteerStore.js';
import { VolunteerScreen } from './volunteer/VolunteerScreen.js';
import { FieldGuide } from './volunteer/FieldGuide.js';

const TABS: { id: Screen; label: string }[] = [
  { id: 'project', label: 'Project & import' },
  { id: 'label', label: 'Label' },
  { id: 'browse', label: 'Trace browser' },
  { id: 'model', label: 'Model' },
  { id: 'features', label: 'Features' },
  { id: 'map', label: 'Map' },
  { id: 'team', label: 'Team' },
];

export function App() {
  const { client, me, project, annotator, screen, error, setScreen, setError, setAnnotatorName } = useSessionStore();
  const [failed, setFailed] = useState<string | null>(null);
  // Volunteers (a ?view=volunteer link) see only the simple view, without the analyst's tabs.
  const chosen = useVolunteerStore((s) => s.view) === 'volunteer';
  const volunteer = (chosen || me?.role === 'volunteer') && project !== null && annotator !== null;
  // Set once the user picks a screen: the start-up jump to labeling must not override it.
  const navigated = useRef(false);

  useEffect(() => {
    connectCore()
      .then(async (c) => {
        const s = useSessionStore.getState();
        s.setClient(c);
        c.on('project.changed', () => void useSessionStore.getState().refresh());
        await s.refresh();
        // Straight to work when a project with windows is open (resumes where it stopped).
        if (useSessionStore.getState().info?.windows && !navigated.current) setScreen('label');
      })
      .catch((e: Error) => setFailed(e.message));
  }, [setScreen]);

  if (failed) return <main className="empty"><p role="alert">Cannot reach the Seislabel core: {failed}</p></main>;
  if (!client) return <main className="empty"><p>Connecting…</p></main>;
  return (
    <div className="app">
      {!volunteer && <header className="topbar">
        <strong className="brand">Seislabel</strong>
        <nav aria-label="Screens">
          {TABS.map((t) => (
            <button key={t.id} type="button" aria-current={screen === t.id ? 'page' : undefined} disabled={t.id !== 'project' && !project} onClick={() => { navigated.current = true; setScreen(t.id); }} data-testid={`tab-${t.id}`}>
              {t.label}
            </button>
          ))}
        </nav>
        <span className="project-name" title={project?.path}>{project ? project.name : 'no project'}</span>
        {me?.role === 'owner' ? (
          <label className="annotator">
            annotator
            <input
              key={annotator?.id ?? 0}
              defaultValue={annotator?.name ?? ''}
              size={10}
              onBlur={(e) => void setAnnotatorName(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            />
          </label>
        ) : (
          <span className="annotator" data-testid="signed-in-as">{me ? `${me.name} (${me.role})` : ''}</span>
        )}
      </header>}
      {error && (
        <p className="error banner" role="alert">
          {error} <button type="button" className="link" onClick={() => setError(null)}>dismiss</button>
        </p>
      )}
      {volunteer ? (me?.role === 'volunteer' ? <FieldGuide key={`${project.path}#${annotator?.id}`} /> : <VolunteerScreen key={`${project.path}#${annotator?.id}`} />) : screen === 'project' || !project ? <ProjectScreen /> : screen === 'label' ? <LabelingScreen key={`${project.path}#${annotator?.id}`} /> : screen === 'model' ? <DashboardScreen /> : screen === 'features' ? <FeaturesScreen /> : screen === 'map' ? <MapScreen key={project.path} /> : screen === 'team' ? <TeamScreen /> : <TraceBrowser />}
    </div>
  );
}
