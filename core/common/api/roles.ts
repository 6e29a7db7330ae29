// Who may call what: part of the contract. Every method declares the roles allowed to call
// it; the one dispatcher enforces the table and hands the caller to the handler. A method
// missing here is a compile error, so a new method cannot be left open by accident.
import type { MethodName, ParsedInput } from './index.js';

export const ROLES = ['owner', 'analyst', 'volunteer', 'reviewer'] as const;
/**
 * owner: runs the host, may do anything; analyst: labels, trains, imports uploads, edits
 * classes; volunteer: fetches windows, labels, undoes own labels, reads the classes;
 * reviewer: reads everything a project shows, changes nothing.
 */
export type Role = (typeof ROLES)[number];

/** Who is calling, as the transport authenticated them. Handlers trust this, never the input. */
export interface Caller {
  role: Role;
  /** The person in the open project; null for the host's owner (desktop app, CLI, owner token). */
  personId: number | null;
  /** The annotator an invited person's labels are attributed to; null for the owner, who chooses. */
  annotatorId: number | null;
  name: string;
  /**
   * On this machine: the desktop app, the CLI, or a loopback client not behind a proxy.
   * Only such an owner may name paths on the host's disk.
   */
  local: boolean;
}

/** The desktop app, the CLI and tests in-process: the project's owner at the machine. */
export const LOCAL_OWNER: Caller = Object.freeze({ role: 'owner', personId: null, annotatorId: null, name: 'owner', local: true });

interface Access<M extends MethodName> {
  roles: readonly Role[];
  /** The call names paths on the host's disk: only a local owner may make it. */
  localOnly?: boolean;
  /** Paths on the host's disk the call names: a caller who is not a local owner may name only uploaded files. */
  paths?: (input: ParsedInput<M>) => string[];
}

const ALL: readonly Role[] = ROLES;
const OWNER: readonly Role[] = ['owner'];
/** Change the project's content (classes, models, maps, imports of uploads). */
const WORK: readonly Role[] = ['owner', 'analyst'];
/** Read what the project shows: labels of everyone, models, maps, insights. */
const READ: readonly Role[] = ['owner', 'analyst', 'reviewer'];
/** Give labels. */
const LABEL: readonly Role[] = ['owner', 'analyst', 'volunteer'];

export const access: { [M in MethodName]: Access<M> } = {
  'projects.create': { roles: OWNER, localOnly: true },
  'projects.open': { roles: OWNER, localOnly: true },
  'projects.recent': { roles: OWNER, localOnly: true },
  'projects.current': { roles: ALL },
  'projects.info': { roles: READ },

  'imports.start': { roles: WORK, paths: (i) => i.paths },
  'imports.upload': { roles: WORK },
  // A base URL (rather than a known data centre) is refused by the handler unless the caller is
  // the local owner: the host must not become a way to reach addresses the caller cannot.
  'fetch.stations': { roles: WORK },
  'fetch.start': { roles: WORK, paths: (i) => (i.cacheDir ? [i.cacheDir] : []) },

  // Volunteers see windows, but a window's label is shown to them only if it is their own.
  'windows.list': { roles: ALL },
  'windows.get': { roles: ALL },
  'windows.cut': { roles: WORK },
  'windows.create': { roles: WORK },
  'streams.envelope': { roles: READ },

  'labels.add': { roles: LABEL },
  'labels.undo': { roles: LABEL },
  'labels.history': { roles: READ },
  // Only the caller's own events: a volunteer's history never shows anyone else's label.
  'labels.mine': { roles: LABEL },
  'picks.set': { roles: WORK },
  'exports.start': { roles: WORK },
  'exports.read': { roles: WORK },
  'exports.forget': { roles: WORK },
  'picks.history': { roles: READ },

  'classes.list': { roles: ALL },
  'classes.create': { roles: WORK },
  'classes.update': { roles: WORK },
  'classes.archive': { roles: WORK },
  'annotators.list': { roles: READ },
  'annotators.ensure': { roles: OWNER },

  'people.list': { roles: OWNER },
  'people.invite': { roles: OWNER },
  'people.revoke': { roles: OWNER },
  'session.whoami': { roles: ALL },

  'tasks.list': { roles: READ },
  'tasks.get': { roles: READ },
  'tasks.cancel': { roles: WORK },

  'models.train': { roles: WORK },
  'models.import': { roles: WORK, paths: (i) => i.paths },
  'models.list': { roles: READ },
  'models.metrics': { roles: READ },
  'models.serving': { roles: READ },
  // The trained weights, as the model download gives them: the people who may export a model.
  'models.tfjs': { roles: WORK },
  'predictions.forWindows': { roles: READ },
  'al.strategies': { roles: READ },
  // The queue is how windows are given to a volunteer.
  'al.nextBatch': { roles: LABEL },
  'al.reasons': { roles: ALL },
  'al.stoppingHint': { roles: READ },
  'al.settings': { roles: WORK },

  'maps.compute': { roles: WORK },
  'maps.list': { roles: READ },
  'maps.get': { roles: READ },
  'maps.clusters': { roles: WORK },
  'maps.suggestK': { roles: WORK },
  'maps.stability': { roles: WORK },
  'maps.featureValues': { roles: READ },
  'maps.labelWindows': { roles: WORK },
  'maps.queue': { roles: WORK },

  // Volunteers judge blind: the consensus, others' labels and agreement are not theirs to see.
  'consensus.get': { roles: READ },
  'consensus.settings': { roles: OWNER },
  'gold.set': { roles: OWNER },
  'gold.list': { roles: READ },
  'agreement.summary': { roles: READ },
  'review.contested': { roles: READ },
  'review.labelIssues': { roles: READ },

  // The field guide is about the caller's own labels: gold classes reach a volunteer only
  // for windows they labeled (see core/node/store/guide.ts).
  'guide.status': { roles: LABEL },
  'guide.finishTutorial': { roles: LABEL },
  'guide.practice': { roles: LABEL },
  'guide.feedback': { roles: LABEL },
  'guide.settings': { roles: OWNER },

  'insights.dashboard': { roles: READ },
  'insights.labelCost': { roles: READ },
  'insights.importance': { roles: READ },
  'insights.explain': { roles: READ },
  'insights.correlation': { roles: READ },
  'insights.distribution': { roles: READ },
  'insights.separation': { roles: READ },
  'insights.simulation': { roles: READ, paths: (i) => (i.path ? [i.path] : []) },
  'insights.simulate': { roles: WORK },
};

/** Whether a role may call a method at all (the UI hides what it may not). */
export const mayCall = (role: Role, method: MethodName): boolean => access[method].roles.includes(role);
