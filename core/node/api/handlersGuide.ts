// Handlers of the field guide: each acts on the caller's own annotator (the owner names
// one, as for labels), and what a volunteer learns of gold windows is decided by the store.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import type { Core } from '../core.js';
import { assignPractice, finishTutorial, goldFeedback, guideSettings, guideStatus, updateGuideSettings } from '../store/guide.js';
import { labelAs } from './caller.js';

type Domain = 'guide.status' | 'guide.finishTutorial' | 'guide.practice' | 'guide.feedback' | 'guide.settings';
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

export const guideHandlers: { [M in Domain]: H<M> } = {
  'guide.status': ({ annotatorId }, core, caller) => guideStatus(core.requireProject().db, labelAs(caller, annotatorId)),
  'guide.finishTutorial': ({ annotatorId }, core, caller) => {
    const db = core.requireProject().db;
    const who = labelAs(caller, annotatorId);
    finishTutorial(db, who);
    return guideStatus(db, who);
  },
  'guide.practice': ({ annotatorId, seed }, core, caller) => {
    const db = core.requireProject().db;
    const who = labelAs(caller, annotatorId);
    // Each person gets their own draw unless a seed is given (tests, reproducing a session).
    assignPractice(db, who, seed ?? who);
    return guideStatus(db, who);
  },
  'guide.feedback': ({ annotatorId, windowId }, core, caller) => goldFeedback(core.requireProject().db, labelAs(caller, annotatorId), windowId),
  'guide.settings': (patch, core) => {
    const db = core.requireProject().db;
    return Object.values(patch).some((v) => v !== undefined) ? updateGuideSettings(db, patch) : guideSettings(db);
  },
};
