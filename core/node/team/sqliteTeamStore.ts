// The team store of the embedded default: the project's own SQLite file, through the same
// store functions the rest of the core uses, so nothing changes for a project without --db.
import type { Role } from '../../common/api/roles.js';
import type { AnnotatorInfo } from '../../common/model.js';
import * as assignments from '../store/assignments.js';
import * as classes from '../store/classes.js';
import * as crowd from '../store/consensus.js';
import type { WritableDb } from '../store/db.js';
import * as labels from '../store/labels.js';
import * as models from '../store/models.js';
import * as people from '../store/people.js';
import * as picks from '../store/picks.js';
import { CoreError } from '../../common/errors.js';
import { serially, type LeaseTx, type NewModel, type TeamStore } from './teamStore.js';

export class SqliteTeamStore implements TeamStore {
  readonly kind = 'sqlite' as const;

  constructor(
    private readonly db: WritableDb,
    readonly where: string,
  ) {}

  listInvites = async (now?: number) => people.listInvites(this.db, now);
  invite = async (name: string, role: Role, expiresInHours?: number, now?: number) => people.invite(this.db, name, role, expiresInHours, now);
  revoke = async (id: number, now?: number) => people.revoke(this.db, id, now);
  tokenOwner = async (token: string, now?: number) => people.tokenOwner(this.db, token, now);
  tokenStillValid = async (tokenId: number, now?: number) => people.tokenStillValid(this.db, tokenId, now);
  touchToken = async (tokenId: number, now?: number) => people.touchToken(this.db, tokenId, now);

  listAnnotators = async () => classes.listAnnotators(this.db);
  ensureAnnotator = async (name: string, kind: AnnotatorInfo['kind'] = 'human') => classes.ensureAnnotator(this.db, name, kind);

  addLabel = async (l: labels.NewLabel) => labels.addLabel(this.db, l);
  undoLast = async (annotatorId: number) => labels.undoLast(this.db, annotatorId);
  labelHistory = async (windowId: number) => labels.labelHistory(this.db, windowId);
  ownLabel = async (windowId: number, annotatorId: number) => labels.ownLabel(this.db, windowId, annotatorId);
  ownLabels = async (annotatorId: number) => labels.ownLabels(this.db, annotatorId);
  allOwnLabels = async () => labels.allOwnLabels(this.db);

  crowdSettings = async () => crowd.crowdSettings(this.db);
  updateCrowdSettings = async (patch: Partial<crowd.CrowdSettings>) => crowd.updateCrowdSettings(this.db, patch);
  setGold = async (windowId: number, classId: number | null) => crowd.setGold(this.db, windowId, classId);
  goldWindows = async () => crowd.goldWindows(this.db);
  consensus = async (method?: crowd.ConsensusMethod) => crowd.projectConsensus(this.db, method);

  // The project file keeps predictions of the newest model beside it; a shared model record
  // carries none (each host scores its own windows), so none are written here.
  insertModel = async (m: NewModel) => models.insertModel(this.db, m, { windowIds: [], probs: new Float32Array(0) });
  listModels = async () => models.listModels(this.db);
  modelParams = async (id: number) => {
    models.getModel(this.db, id); // not_found for an unknown id, as on PostgreSQL
    return models.modelParams(this.db, id);
  };

  // One host per file: choices are only serialised within this process.
  private readonly queue = serially();
  leasing = <T>(fn: (tx: LeaseTx) => Promise<T>): Promise<T> => this.queue(() => fn({
    state: async (annotatorId, now) => ({
      held: assignments.activeLeases(this.db, now, annotatorId),
      mine: annotatorId === null ? new Set<number>() : assignments.heldBy(this.db, annotatorId, now),
      assigned: annotatorId === null ? 0 : assignments.assignmentCount(this.db, annotatorId),
    }),
    record: async (b, lease) => this.db.transaction(() => {
      const id = models.insertQueryBatch(this.db, b);
      if (lease) assignments.leaseWindows(this.db, lease.annotatorId, id, b.windowIds, lease.gold, lease.now, lease.seconds);
      return id;
    })(),
  }));
  inFlight = async (now: number) => assignments.inFlight(this.db, now);

  addPick = async (e: Omit<picks.PickEvent, 'id' | 'createdAt'>) => {
    // As the team database's foreign keys do, with a message naming what is missing.
    if (!this.db.prepare('SELECT 1 FROM windows WHERE id = ?').get(e.windowId)) throw new CoreError('not_found', `no window with id ${e.windowId}`);
    if (!this.db.prepare('SELECT 1 FROM annotators WHERE id = ?').get(e.annotatorId)) throw new CoreError('not_found', `no annotator with id ${e.annotatorId}`);
    return picks.addPickEvent(this.db, e);
  };
  pickHistory = async (windowId: number) => picks.pickHistory(this.db, windowId);

  // The project owns the handle; closing the team view of it closes nothing.
  close = async () => {};
}
