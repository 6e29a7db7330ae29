// What a team shares, behind one async interface: people and their invite tokens, label
// events (append-only, with idempotency keys) and each person's current label, the inputs
// of the consensus (gold windows, settings), picks, trained models, and query batches with
// the leases they handed out. The embedded default is the
// project's own SQLite file (sqliteTeamStore.ts); a team server runs the same interface on
// PostgreSQL (../pgstore/pgTeamStore.ts), with several host processes on one database. One
// contract test suite (tests/node/teamStore.contract.test.ts) holds both to the same behaviour.
import type { Role } from '../../common/api/roles.js';
import type { AnnotatorInfo, CurrentLabel, LabelEventInfo } from '../../common/model.js';
import type { ConsensusMethod, CrowdSettings, ProjectConsensus } from '../store/consensus.js';
import type { AddedLabel, NewLabel } from '../store/labels.js';
import type { ModelRecord } from '../store/models.js';
import type { Invite, TokenOwner } from '../store/people.js';
import type { PickEvent } from '../store/picks.js';

/** An undo: the event it took back, its window, and the annotator's own label there now. */
export interface UndoResult {
  undone: LabelEventInfo;
  windowId: number;
  current: CurrentLabel | null;
  /** The id of the undo event appended. */
  undoEventId: number;
}

/** Someone's own current label, with its window and when it was given. */
export type OwnLabel = CurrentLabel & { windowId: number; createdAt: number };

/** A model version as the team shares it: its record and its serialised parameters. */
export type NewModel = Omit<ModelRecord, 'id' | 'createdAt'> & { params: Uint8Array };

/** Who holds what, read when choosing a batch. */
export interface LeaseState {
  /** Unanswered, unexpired leases per window, of everyone but the annotator asking. */
  held: Map<number, number>;
  /** Windows the annotator asking holds now. */
  mine: Set<number>;
  /** How many assignments the annotator has had (varies the seed of their gold draws). */
  assigned: number;
}
/** A query batch to record. */
export interface NewBatch { strategy: string; modelId: number | null; seed: number; windowIds: number[]; scores: number[]; createdAt: number }
/** Its windows leased to one annotator until `now + seconds`; `gold` are the gold windows among them. */
export interface NewLease { annotatorId: number; gold: ReadonlySet<number>; now: number; seconds: number }

/** The reads and the write of one batch choice, with no other choice (on any host) in between. */
export interface LeaseTx {
  state(annotatorId: number | null, now: number): Promise<LeaseState>;
  /** Records the batch (and the lease, when given); returns the batch id. */
  record(b: NewBatch, lease: NewLease | null): Promise<number>;
}

/** Where batches are chosen and leased: a team store, or a team host (which also keeps its file in step). */
export interface Leases {
  /**
   * Runs `fn` so that no other choice of windows — on this host or, with PostgreSQL, on any
   * host — reads or writes leases until it returned: two people cannot both take a window's last place.
   */
  leasing<T>(fn: (tx: LeaseTx) => Promise<T>): Promise<T>;
}

/** Runs calls one after another, each waiting for the one before to settle. */
export function serially(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

export interface TeamStore extends Leases {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the store lives, for messages (a file path, or a database URL without its password). */
  readonly where: string;

  /** Every invite link, newest first. */
  listInvites(now?: number): Promise<Invite[]>;
  /** Creates the person (or gives them the new role) and a new link; the token is shown once. */
  invite(name: string, role: Role, expiresInHours?: number, now?: number): Promise<Invite & { token: string }>;
  revoke(id: number, now?: number): Promise<void>;
  /** The person a token belongs to, if it is valid now. */
  tokenOwner(token: string, now?: number): Promise<TokenOwner | null>;
  /** The person behind a token id, if that token is still valid (checked before every call). */
  tokenStillValid(tokenId: number, now?: number): Promise<TokenOwner | null>;
  touchToken(tokenId: number, now?: number): Promise<void>;

  listAnnotators(): Promise<AnnotatorInfo[]>;
  ensureAnnotator(name: string, kind?: AnnotatorInfo['kind']): Promise<AnnotatorInfo>;

  /** Appends a label event; an idempotency key the annotator used before writes nothing and returns the first event. */
  addLabel(l: NewLabel): Promise<AddedLabel>;
  /** Undoes the annotator's latest label still in effect; null when there is none. */
  undoLast(annotatorId: number): Promise<UndoResult | null>;
  /** Every label event of a window, oldest first. */
  labelHistory(windowId: number): Promise<LabelEventInfo[]>;
  ownLabel(windowId: number, annotatorId: number): Promise<CurrentLabel | null>;
  ownLabels(annotatorId: number): Promise<Map<number, CurrentLabel>>;
  /** Everyone's own current labels, oldest event first: the votes of the consensus. */
  allOwnLabels(): Promise<OwnLabel[]>;

  crowdSettings(): Promise<CrowdSettings>;
  updateCrowdSettings(patch: Partial<CrowdSettings>): Promise<CrowdSettings>;
  /** Marks a window gold with the expert's class, or unmarks it (null). */
  setGold(windowId: number, classId: number | null): Promise<void>;
  goldWindows(): Promise<Map<number, number>>;
  /** The project's consensus (with `method`, default the settings' one). */
  consensus(method?: ConsensusMethod): Promise<ProjectConsensus>;

  /** Stores a model version; returns its id. */
  insertModel(m: NewModel): Promise<number>;
  /** Model versions, newest first. */
  listModels(): Promise<ModelRecord[]>;
  modelParams(id: number): Promise<Buffer>;

  /** Appends a pick event (offset null removes the phase's pick). */
  addPick(e: Omit<PickEvent, 'id' | 'createdAt'>): Promise<PickEvent>;
  /** Every pick event of a window, oldest first. */
  pickHistory(windowId: number): Promise<PickEvent[]>;

  /** Windows each annotator holds now (leased, unanswered, unexpired), by annotator id. */
  inFlight(now: number): Promise<Map<number, number>>;

  close(): Promise<void>;
}
