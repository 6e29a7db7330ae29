// What a team shares, behind one async interface: people and their invite tokens, label
// events (append-only, with idempotency keys) and each person's current label, the inputs
// of the consensus (gold windows, settings) and trained models. The embedded default is the
// project's own SQLite file (sqliteTeamStore.ts); a team server runs the same interface on
// PostgreSQL (../pgstore/pgTeamStore.ts), with several host processes on one database. One
// contract test suite (tests/node/teamStore.contract.test.ts) holds both to the same behaviour.
import type { Role } from '../../common/api/roles.js';
import type { AnnotatorInfo, CurrentLabel, LabelEventInfo } from '../../common/model.js';
import type { ConsensusMethod, CrowdSettings, ProjectConsensus } from '../store/consensus.js';
import type { AddedLabel, NewLabel } from '../store/labels.js';
import type { ModelRecord } from '../store/models.js';
import type { Invite, TokenOwner } from '../store/people.js';

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

export interface TeamStore {
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

  close(): Promise<void>;
}
