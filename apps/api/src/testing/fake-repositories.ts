import {
  divisionCovers,
  type Enterprise,
  industrySection,
  type JourneyState,
  type RoundSettings,
  DEFAULT_ROUND_SETTINGS,
  journeyId,
  normaliseUscc,
  pendingStep,
  usccCheckCharacter,
} from '@uplift/domain';
import {
  JOURNEY_COLUMNS,
  type AccountRepository,
  type AccountToken,
  type AccountTokenKind,
  type BootstrapKey,
  type Credential,
  type NewSession,
  type CertificationBodyEntity,
  type CertificationBodyRepository,
  type JourneyColumn,
  type JourneyListRow,
  type JourneyPage,
  type JourneyRepository,
  type JourneySearch,
  type JourneySort,
  type JourneySummary,
  type JourneyRow,
  type JourneyScope,
  type SurveyRow,
  type SurveyGroups,
  type SurveySelection,
  type JourneyWrites,
  type NewCertificationBody,
  type NewJourney,
  type NewPrincipal,
  type NewRound,
  type PrincipalEntity,
  type PrincipalRepository,
  type ReportCells,
  type RoundEntity,
  type RoundListQuery,
  type RoundRepository,
  type RoundScope,
  type StageFunnel,
} from '@uplift/persistence';

/**
 * In-memory fakes of the repositories the API's services take, for the services' own unit tests.
 * They keep rows in arrays and answer as the SQL does (the SQL itself is tested against PostgreSQL
 * in test/e2e/journey-read-model); `calls` shows what a service asked for.
 */

function inScope(row: JourneyRow, scope: JourneyScope): boolean {
  if (scope.kind === 'division') return divisionCovers(scope.regionCode, row.regionCode);
  if (scope.kind === 'body') return row.certificationBodyId === scope.certificationBodyId;
  return true;
}

function matches(row: JourneyRow, filters: JourneySearch, now: number): boolean {
  const columns = (JOURNEY_COLUMNS as readonly JourneyColumn[]).every((c) => {
    const value = (filters as Record<string, unknown>)[c.key];
    if (!c.filter || value === undefined) return true;
    const own = (row as unknown as Record<string, unknown>)[c.key];
    return c.filter.match === 'division' ? divisionCovers(value as string, own as string) : own === value;
  });
  const { mustAct, overdue, escalated, q } = filters;
  const uscc = q === undefined ? '' : normaliseUscc(q);
  return (
    columns &&
    (mustAct === undefined || mustAct.some((a) => row.dueActors.includes(a))) &&
    (overdue === undefined || overdue === isOverdue(row, now)) &&
    (escalated === undefined || escalated === (row.escalatedAt !== null)) &&
    (q === undefined ||
      row.enterprise.name.toLowerCase().includes(q.trim().toLowerCase()) ||
      (/^[0-9A-Z]+$/.test(uscc) && row.uscc.startsWith(uscc)))
  );
}

/** As the SQL's `OVERDUE`: past the deadline while someone must act. */
function isOverdue(row: JourneyRow, now: number): boolean {
  return !!row.deadline && row.deadline.getTime() < now && row.dueActors.length > 0;
}

/** A timestamp as the SQL writes a sort key: UTC, microseconds. */
const keyOf = (d: Date | null) => (d ? d.toISOString().replace('Z', '000Z') : null);

/** Each order as the SQL's: its key, and how two rows compare (ties in id order, no key last). */
const FAKE_ORDERS: Record<JourneySort, { key: (r: JourneyRow) => Date | null; desc: boolean }> = {
  id: { key: () => null, desc: false },
  deadline: { key: (r) => r.deadline, desc: false },
  '-deadline': { key: (r) => r.deadline, desc: true },
  '-updatedAt': { key: (r) => r.updatedAt, desc: true },
  escalatedAt: { key: (r) => r.escalatedAt, desc: false },
};

function compare(
  sort: JourneySort,
  a: { key: string | null; id: string },
  b: { key: string | null; id: string },
) {
  const { desc } = FAKE_ORDERS[sort];
  if (a.key !== b.key) {
    if (a.key === null) return 1;
    if (b.key === null) return -1;
    return (a.key < b.key ? -1 : 1) * (desc ? -1 : 1);
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** An enterprise registered in `division` with a valid USCC, distinct per `serial` (below 10,000,000). */
export function enterpriseOf(division: string, serial: number, over: Partial<Enterprise> = {}): Enterprise {
  const first17 = `91${division}MA${String(serial).padStart(7, '0')}`;
  return {
    uscc: first17 + usccCheckCharacter(first17),
    name: `测试企业${serial}有限公司`,
    regionCode: division,
    industryCode: 'C3511',
    email: `owner${serial}@enterprise.example`,
    ...over,
  };
}

export function journeyRow(
  roundId: string,
  enterprise: Enterprise,
  over: Partial<JourneyRow> = {},
): JourneyRow {
  return {
    id: journeyId(roundId, enterprise.uscc),
    roundId,
    uscc: enterprise.uscc,
    enterprise,
    regionCode: enterprise.regionCode,
    industryCode: enterprise.industryCode,
    industrySection: industrySection(enterprise.industryCode),
    stage: 'screening',
    stalled: false,
    deadline: null,
    certificationBodyId: null,
    assigneeId: null,
    dueStep: null,
    dueActors: [],
    remindersSent: 0,
    escalatedAt: null,
    state: null,
    version: 0,
    launchedAt: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
    updatedAt: new Date('2026-11-01T00:00:00Z'),
    ...over,
  };
}

export class FakeJourneyRepository implements JourneyRepository {
  rows: JourneyRow[] = [];
  /** Round status as `whileRoundOpen` reads it; a round not listed is open. */
  roundStatus = new Map<string, 'open' | 'closed'>();
  /** What `reportGroups` answers (the aggregation is SQL's). */
  groups: ReportCells[] = [];
  /** Rounds `roundsAwaitingLaunch` answers. */
  awaitingLaunch: string[] = [];
  calls: { method: string; args: unknown[] }[] = [];

  private log(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async find(id: string) {
    this.log('find', id);
    return this.rows.find((r) => r.id === id) ?? null;
  }

  async list(filters: JourneySearch, scope: JourneyScope, page: JourneyPage): Promise<JourneyListRow[]> {
    this.log('list', filters, scope, page);
    const sort = page.sort ?? 'id';
    const now = Date.now();
    const after = page.after;
    return this.rows
      .map((r) => ({ ...r, sortKey: keyOf(FAKE_ORDERS[sort].key(r)) }))
      .filter(
        (r) =>
          matches(r, filters, now) &&
          inScope(r, scope) &&
          (after === undefined || compare(sort, { key: r.sortKey, id: r.id }, after) > 0),
      )
      .sort((a, b) => compare(sort, { key: a.sortKey, id: a.id }, { key: b.sortKey, id: b.id }))
      .slice(0, page.limit);
  }

  async summary(filters: JourneySearch, scope: JourneyScope): Promise<JourneySummary> {
    this.log('summary', filters, scope);
    const now = Date.now();
    const week = now + 7 * 86_400_000;
    const rows = this.rows.filter((r) => matches(r, filters, now) && inScope(r, scope));
    return {
      total: rows.length,
      overdue: rows.filter((r) => isOverdue(r, now)).length,
      dueWithin7Days: rows.filter(
        (r) =>
          r.dueActors.length > 0 &&
          !!r.deadline &&
          r.deadline.getTime() >= now &&
          r.deadline.getTime() < week,
      ).length,
    };
  }

  async roundsWithJourneys(scope: JourneyScope) {
    this.log('roundsWithJourneys', scope);
    return [...new Set(this.rows.filter((r) => inScope(r, scope)).map((r) => r.roundId))];
  }

  async funnels(roundIds: string[], scope: JourneyScope) {
    this.log('funnels', roundIds, scope);
    const out: (StageFunnel & { roundId: string })[] = [];
    for (const roundId of roundIds)
      for (const f of await this.funnel(roundId, scope)) out.push({ ...f, roundId });
    return out;
  }

  async anyInRound(roundId: string, scope: JourneyScope) {
    this.log('anyInRound', roundId, scope);
    return this.rows.some((r) => r.roundId === roundId && inScope(r, scope));
  }

  async funnel(roundId: string, scope: JourneyScope): Promise<StageFunnel[]> {
    this.log('funnel', roundId, scope);
    const byStage = new Map<string, StageFunnel>();
    for (const r of this.rows.filter((r) => r.roundId === roundId && inScope(r, scope))) {
      const f = byStage.get(r.stage) ?? { stage: r.stage, n: 0, stalled: 0, launched: 0 };
      f.n++;
      if (r.stalled) f.stalled++;
      if (r.launchedAt) f.launched++;
      byStage.set(r.stage, f);
    }
    return [...byStage.values()];
  }

  async reportGroups(roundId: string, scope: JourneyScope, regionCode: string | null, regionDigits: number) {
    this.log('reportGroups', roundId, scope, regionCode, regionDigits);
    return this.groups;
  }

  async dashboardGroups(
    roundId: string,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: number,
  ) {
    this.log('dashboardGroups', roundId, scope, regionCode, regionDigits);
    return this.groups;
  }

  /** What `surveyRows` answers (the selection is SQL's). */
  surveys: SurveyRow[] = [];

  async surveyRows(selection: SurveySelection, scope: JourneyScope, regionCode: string | null) {
    this.log('surveyRows', selection, scope, regionCode);
    return this.surveys;
  }

  /** What `surveyGroups` answers (the grouping is SQL's). */
  surveyGroupRows: SurveyGroups = { journeys: [], answers: [] };

  async surveyGroups(
    selection: SurveySelection,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: number,
  ) {
    this.log('surveyGroups', selection, scope, regionCode, regionDigits);
    return this.surveyGroupRows;
  }

  async roundsAwaitingLaunch(limit: number) {
    this.log('roundsAwaitingLaunch', limit);
    return this.awaitingLaunch.slice(0, limit);
  }

  async pending(roundId: string, limit: number) {
    return this.rows
      .filter((r) => r.roundId === roundId && !r.launchedAt)
      .slice(0, limit)
      .map((r) => ({ id: r.id, enterprise: r.enterprise }));
  }

  async openJourneys() {
    return [];
  }

  async enterprise(journeyId: string) {
    return this.rows.find((r) => r.id === journeyId)!.enterprise;
  }

  async insertNew(journeys: NewJourney[]) {
    this.log('insertNew', journeys);
    return (await this.store(journeys)).length;
  }

  async insertNewIds(journeys: NewJourney[]) {
    this.log('insertNewIds', journeys);
    return this.store(journeys);
  }

  private async store(journeys: NewJourney[]) {
    const stored: string[] = [];
    for (const j of journeys) {
      if (this.rows.some((r) => r.roundId === j.roundId && r.uscc === j.enterprise.uscc)) continue;
      this.rows.push(journeyRow(j.roundId, j.enterprise, { id: j.id }));
      stored.push(j.id);
    }
    return stored;
  }

  async markLaunched(ids: string[]) {
    this.log('markLaunched', ids);
    for (const r of this.rows) if (ids.includes(r.id)) r.launchedAt ??= new Date();
  }

  private write(state: JourneyState) {
    const row = this.rows.find((r) => r.id === state.id);
    if (!row || row.version >= state.version) return;
    const pending = pendingStep(state);
    Object.assign(row, {
      stage: state.stage,
      stalled: state.stalled,
      deadline: state.deadline ? new Date(state.deadline) : null,
      certificationBodyId: state.certificationBodyId,
      dueStep: pending?.step ?? null,
      dueActors: pending?.actors ?? [],
      remindersSent: state.remindersSent,
      state,
      version: state.version,
    });
  }

  async record(state: JourneyState) {
    this.log('record', state);
    this.write(state);
    await this.markLaunched([state.id]);
  }

  async recordMany(states: JourneyState[]) {
    this.log('recordMany', states);
    for (const s of states) this.write(s);
  }

  async whileRoundOpen<T>(roundId: string, work: (tx: JourneyWrites) => Promise<T>) {
    this.log('whileRoundOpen', roundId);
    if ((this.roundStatus.get(roundId) ?? 'open') !== 'open') return 'closed' as const;
    return work(this);
  }
}

export class FakeRoundRepository implements RoundRepository {
  rounds: RoundEntity[] = [];

  add(over: Partial<RoundEntity> = {}, settings: RoundSettings = DEFAULT_ROUND_SETTINGS): RoundEntity {
    const round = {
      id: `00000000-0000-4000-8000-${String(this.rounds.length + 1).padStart(12, '0')}`,
      name: 'round',
      regionCode: '330000',
      status: 'open',
      settings,
      createdBy: 'p-admin',
      createdAt: new Date('2026-11-01T00:00:00Z'),
      closedAt: null,
      closeFinishedAt: null,
      pausedAt: null,
      ...over,
    } as RoundEntity;
    this.rounds.push(round);
    return round;
  }

  async create(round: NewRound) {
    return this.add(round, round.settings);
  }

  async find(id: string) {
    return this.rounds.find((r) => r.id === id) ?? null;
  }

  async list(scope: RoundScope, query: RoundListQuery) {
    const key = (r: RoundEntity) => `${r.createdAt.toISOString()} ${r.id}`;
    const after = query.after && `${query.after.createdAt} ${query.after.id}`;
    return this.rounds
      .filter(
        (r) =>
          (scope.kind === 'all' ||
            (scope.kind === 'ids' && scope.ids.includes(r.id)) ||
            (scope.kind === 'division' &&
              (divisionCovers(scope.regionCode, r.regionCode) ||
                divisionCovers(r.regionCode, scope.regionCode)))) &&
          (!query.status || r.status === query.status) &&
          (!query.regionCode || divisionCovers(query.regionCode, r.regionCode)) &&
          (!after || key(r) < after),
      )
      .sort((a, b) => (key(a) < key(b) ? 1 : -1))
      .slice(0, query.limit);
  }

  async change(id: string, change: { settings?: RoundSettings; pausedAt?: Date | null }) {
    const round = this.rounds.find((r) => r.id === id);
    if (!round || round.status !== 'open') return null;
    if (change.settings) round.settings = change.settings;
    if (change.pausedAt !== undefined) round.pausedAt = change.pausedAt;
    return round;
  }

  async close(id: string) {
    const round = this.rounds.find((r) => r.id === id);
    if (!round || round.status !== 'open') return false;
    round.status = 'closed';
    round.closedAt = new Date();
    return true;
  }
}

export class FakeCertificationBodyRepository implements CertificationBodyRepository {
  constructor(public bodies: Pick<CertificationBodyEntity, 'id' | 'code' | 'name'>[] = []) {}

  async exists(id: string) {
    return this.bodies.some((b) => b.id === id);
  }

  async findMany(ids: string[]) {
    return this.bodies.filter((b) => ids.includes(b.id)) as CertificationBodyEntity[];
  }

  /** Codes are unique, as the table's constraint makes them. */
  async create(body: NewCertificationBody) {
    if (this.bodies.some((b) => b.code === body.code)) return null;
    const stored = {
      id: `00000000-0000-4000-9000-${String(this.bodies.length + 1).padStart(12, '0')}`,
      ...body,
      createdAt: new Date(),
    } as CertificationBodyEntity;
    this.bodies.push(stored);
    return stored;
  }

  async list() {
    return [...this.bodies].sort((a, b) => a.code.localeCompare(b.code)) as CertificationBodyEntity[];
  }
}

export class FakePrincipalRepository implements PrincipalRepository {
  rows: PrincipalEntity[] = [];
  private clock = Date.parse('2026-11-01T00:00:00Z');

  private add(p: NewPrincipal, over: Partial<PrincipalEntity> = {}): PrincipalEntity {
    const row = {
      id: `00000000-0000-4000-a000-${String(this.rows.length + 1).padStart(12, '0')}`,
      ...p,
      isBootstrap: false,
      bootstrapSourceHash: null,
      notificationMode: null,
      revokedAt: null,
      createdAt: new Date((this.clock += 1000)),
      ...over,
    } as PrincipalEntity;
    this.rows.push(row);
    return row;
  }

  async activeByKeyHash(keyHash: string) {
    return this.rows.find((r) => r.keyHash === keyHash && !r.revokedAt) ?? null;
  }

  async list() {
    return [...this.rows].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  async find(id: string) {
    return this.rows.find((r) => r.id === id) ?? null;
  }

  async revoke(id: string) {
    const row = this.rows.find((r) => r.id === id)!;
    row.revokedAt ??= new Date((this.clock += 1000));
    return row;
  }

  async create(p: NewPrincipal) {
    return this.add(p);
  }

  async replaceKey(id: string, key: Pick<PrincipalEntity, 'keyHash' | 'keyPrefix'>) {
    const row = this.rows.find((r) => r.id === id && !r.revokedAt);
    if (row) Object.assign(row, key);
    return row ?? null;
  }

  async setNotificationMode(id: string, mode: PrincipalEntity['notificationMode']) {
    const row = this.rows.find((r) => r.id === id && !r.revokedAt);
    if (row) row.notificationMode = mode;
    return row ?? null;
  }

  async bootstrap() {
    return this.rows.find((r) => r.isBootstrap) ?? null;
  }

  async updateBootstrap(changes: BootstrapKey) {
    const row = this.rows.find((r) => r.isBootstrap);
    if (row) Object.assign(row, changes);
    return !!row;
  }

  async insertBootstrap(p: NewPrincipal & { bootstrapSourceHash: string | null }) {
    if (this.rows.some((r) => r.isBootstrap)) return false;
    this.add(p, { isBootstrap: true, bootstrapSourceHash: p.bootstrapSourceHash });
    return true;
  }
}

export function principal(over: Partial<PrincipalEntity>): PrincipalEntity {
  return {
    id: 'p-1',
    role: 'admin',
    name: 'someone',
    email: 'someone@example.cn',
    regionCode: null,
    certificationBodyId: null,
    ...over,
  } as PrincipalEntity;
}

/**
 * People's accounts in memory, over a FakePrincipalRepository's rows (revocation there shows here,
 * as the join does in SQL). Times are the callers' (`now` arguments), as in SqlAccountRepository.
 */
export class FakeAccountRepository implements AccountRepository {
  credentials: Credential[] = [];
  tokens: (Omit<AccountToken, 'principal'> & { tokenHash: string })[] = [];
  sessions: (NewSession & { id: string; lastSeenAt: Date })[] = [];
  touches = 0;
  private serial = 0;

  constructor(private readonly principals: FakePrincipalRepository) {}

  private principal(id: string): PrincipalEntity {
    return this.principals.rows.find((p) => p.id === id)!;
  }

  async credentialOf(principalId: string) {
    return this.credentials.find((c) => c.principalId === principalId) ?? null;
  }

  async signInAccount(email: string) {
    const found = this.credentials
      .map((credential) => ({ principal: this.principal(credential.principalId), credential }))
      .filter(
        ({ principal }) => principal.email.toLowerCase() === email.toLowerCase() && !principal.revokedAt,
      )
      .sort((a, b) => b.credential.passwordSetAt.getTime() - a.credential.passwordSetAt.getTime());
    return found[0] ?? null;
  }

  async otherPasswordHolder(email: string, principalId: string) {
    const found = this.credentials
      .map((c) => this.principal(c.principalId))
      .find((p) => p.id !== principalId && !p.revokedAt && p.email.toLowerCase() === email.toLowerCase());
    return found ?? null;
  }

  async setPassword(principalId: string, passwordHash: string) {
    this.credentials = this.credentials.filter((c) => c.principalId !== principalId);
    this.credentials.push({
      principalId,
      passwordHash,
      passwordSetAt: new Date(Date.parse('2026-11-01T00:00:00Z') + ++this.serial),
      failedAttempts: 0,
      lockedUntil: null,
    });
  }

  async recordFailure(principalId: string, maxFailures: number, lockMs: number, now: Date) {
    const c = this.credentials.find((r) => r.principalId === principalId)!;
    c.failedAttempts = c.lockedUntil && c.lockedUntil <= now ? 1 : c.failedAttempts + 1;
    c.lockedUntil = c.failedAttempts >= maxFailures ? new Date(now.getTime() + lockMs) : null;
    return { failedAttempts: c.failedAttempts, lockedUntil: c.lockedUntil };
  }

  async recordSuccess(principalId: string) {
    const c = this.credentials.find((r) => r.principalId === principalId);
    if (c) Object.assign(c, { failedAttempts: 0, lockedUntil: null });
  }

  async issueToken(kind: AccountTokenKind, principalId: string, tokenHash: string, expiresAt: Date) {
    this.tokens = this.tokens.filter((t) => !(t.principalId === principalId && t.kind === kind && !t.usedAt));
    this.tokens.push({ id: `t-${++this.serial}`, kind, principalId, tokenHash, expiresAt, usedAt: null });
  }

  async findToken(kind: AccountTokenKind, tokenHash: string) {
    const t = this.tokens.find((r) => r.kind === kind && r.tokenHash === tokenHash);
    if (!t) return null;
    return {
      id: t.id,
      kind: t.kind,
      principalId: t.principalId,
      expiresAt: t.expiresAt,
      usedAt: t.usedAt,
      principal: this.principal(t.principalId),
    };
  }

  async useToken(id: string, now: Date) {
    const t = this.tokens.find((r) => r.id === id);
    if (!t || t.usedAt || t.expiresAt <= now) return false;
    t.usedAt = now;
    return true;
  }

  async createSession(session: NewSession) {
    const id = `s-${++this.serial}`;
    this.sessions.push({ ...session, id, lastSeenAt: session.at });
    return id;
  }

  async sessionByHash(tokenHash: string) {
    const s = this.sessions.find((r) => r.tokenHash === tokenHash);
    const principal = s && this.principal(s.principalId);
    if (!s || !principal || principal.revokedAt) return null;
    return { id: s.id, principal, createdAt: s.at, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt };
  }

  async touchSession(id: string, at: Date) {
    const s = this.sessions.find((r) => r.id === id);
    if (s && at > s.lastSeenAt) s.lastSeenAt = at;
    this.touches++;
  }

  async deleteSession(id: string) {
    this.sessions = this.sessions.filter((s) => s.id !== id);
  }

  async deleteSessionsOf(principalId: string) {
    const before = this.sessions.length;
    this.sessions = this.sessions.filter((s) => s.principalId !== principalId);
    return before - this.sessions.length;
  }

  async purgeSessions(now: Date, idleMs: number) {
    const before = this.sessions.length;
    this.sessions = this.sessions.filter(
      (s) => s.expiresAt > now && now.getTime() - s.lastSeenAt.getTime() < idleMs,
    );
    return before - this.sessions.length;
  }
}
