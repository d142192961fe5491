import { type CompiledQuery, DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditFilter, countAuditEvents, listAuditEvents } from '../src/audit/audit-log.store.js';
import type { Database } from '../src/store/schema.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => site?.close());

/** The SQL the audit log page runs for this filter, compiled as on SQLite without running it. */
async function statementsFor(filter: AuditFilter): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const compiler = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    log: (event) => void statements.push(event.query),
  });
  await listAuditEvents(compiler, site.organisation.id, filter, { offset: 0, limit: 50 });
  await countAuditEvents(compiler, site.organisation.id, filter).catch(() => undefined); // the dummy driver returns no row
  return statements;
}

/** What SQLite says it will read for each statement, one line per step. */
async function plansOf(filter: AuditFilter): Promise<string[][]> {
  const plans: string[][] = [];
  for (const statement of await statementsFor(filter)) {
    const plan = await site.store.db.executeQuery<{ detail: string }>({
      ...statement,
      sql: `EXPLAIN QUERY PLAN ${statement.sql}`,
    } as CompiledQuery);
    plans.push(plan.rows.map((row) => row.detail));
  }
  return plans;
}

describe('the audit log filtered as its page filters it (migration 0028)', () => {
  it('reads the entries of one person through the (org_id, actor, at) index', async () => {
    const plans = await plansOf({ actor: 'admin@test.example' });
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      const readsOfLog = plan.filter((step) => /\baudit_log\b/.test(step));
      expect(readsOfLog.length, plan.join('\n')).toBeGreaterThan(0);
      for (const step of readsOfLog)
        expect(step, plan.join('\n')).toMatch(/USING (COVERING )?INDEX audit_log_by_actor \(org_id=\? AND actor=\?/);
    }
  });

  it('reads one kind of change named exactly through the (org_id, action, at) index', async () => {
    const plans = await plansOf({ actions: { exact: ['remainder-accepted', 'carried-over'], prefixes: [] } });
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      const readsOfLog = plan.filter((step) => /\baudit_log\b/.test(step));
      expect(readsOfLog.length, plan.join('\n')).toBeGreaterThan(0);
      for (const step of readsOfLog)
        expect(step, plan.join('\n')).toMatch(/USING (COVERING )?INDEX audit_log_by_action \(org_id=\? AND action/);
    }
  });

  it('reads the sent messages, folded per occurrence, through the action index when nothing else narrows them', async () => {
    const [list] = await plansOf({});
    expect(list?.join('\n')).toMatch(/USING (COVERING )?INDEX audit_log_by_action \(org_id=\? AND action=\?\)/);
  });
});
