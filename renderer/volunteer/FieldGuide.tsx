// An invited volunteer's way in: the tutorial, then practice on gold windows, then the
// volunteer view (which can open the tutorial again). Owners in the simple view skip it.
import { useEffect } from 'react';
import { useSessionStore } from '../stores/useSessionStore.js';
import { Practice } from './Practice.js';
import { Tutorial } from './Tutorial.js';
import { useGuideStore } from './useGuideStore.js';
import { VolunteerScreen } from './VolunteerScreen.js';
import './volunteer.css';

export function FieldGuide() {
  const client = useSessionStore((s) => s.client)!;
  const classes = useSessionStore((s) => s.classes);
  const annotator = useSessionStore((s) => s.annotator)!;
  const { stage, status, revisiting, error } = useGuideStore();

  useEffect(() => {
    void useGuideStore.getState().load(client);
  }, [client]);

  // Tutorial done but practice never handed out (the page closed in between): hand it out now.
  // A project without any example window has no tutorial to show: straight on to practice.
  const unassigned = stage === 'practice' && status !== null && !status.practiceAssigned;
  const nothingToShow = stage === 'tutorial' && !revisiting && classes.length > 0 && classes.every((c) => c.exampleWindowIds.length === 0);
  useEffect(() => {
    if (unassigned || nothingToShow) void useGuideStore.getState().startPractice(client);
  }, [client, unassigned, nothingToShow]);

  if (stage === 'loading') return <main className="volunteer"><p className="vol-waiting" role="status">Loading…</p></main>;
  if (nothingToShow) return <main className="volunteer"><p className="vol-waiting" role="status">Loading…</p></main>;
  if (stage === 'tutorial') {
    const g = useGuideStore.getState();
    return <Tutorial client={client} name={annotator.name} classes={classes} revisiting={revisiting} error={error}
      onDone={() => (revisiting ? g.closeTutorial() : void g.startPractice(client))} />;
  }
  if (stage === 'practice') {
    if (!status || unassigned) return <main className="volunteer"><p className="vol-waiting" role="status">Choosing practice recordings…</p></main>;
    return <Practice client={client} name={annotator.name} classes={classes} status={status} onDone={useGuideStore.getState().finishPractice} />;
  }
  return <VolunteerScreen guide />;
}
