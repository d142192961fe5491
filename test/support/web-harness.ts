import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { addUser } from '../../src/accounts/manage-users.js';
import { ROLES, type Role } from '../../src/accounts/role.js';
import { londonDate } from '../../src/calendar/london-time.js';
import { loadConfig, type WebConfig } from '../../src/config.js';
import { createDemoWorkspace } from '../../src/demo/demo-workspace.js';
import type { Organisation } from '../../src/shared/organisation.js';
import type { Store } from '../../src/store/store.js';
import { buildWebApp } from '../../src/web/build-web-app.js';
import { buildWebAssets } from '../../src/web/build-web-assets.js';
import { PUBLIC_DIR } from '../../src/web/register-plugins.js';
import type { RouteRule } from '../../src/web/route-rule.js';
import { FIXED_NOW, SYSTEM_PORTS } from './cli-harness.js';
import { openTestStore } from './test-database.js';

/** Tables the web app writes for itself, so any instance can serve any request (migration 0030). */
const WEB_BOOKKEEPING = ['web_jobs', 'web_upload_chunks', 'one_time_notes'];

/** Every test user's password. */
export const TEST_PASSWORD = 'correct horse battery staple';
/** One user per role: viewer@test.example, editor@test.example... */
export const emailOf = (role: Role) => `${role}@test.example`;

export interface Response {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/**
 * A person's browser without the browser: keeps cookies, follows nothing, and posts forms with
 * the CSRF token of the last page it read (or the one given).
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  lastCsrfToken = '';

  constructor(readonly baseUrl: string) {}

  private remember(response: globalThis.Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', value = ''] = pair.split('=', 2).map((part) => part.trim());
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(name.length + 1));
    }
  }

  private async send(method: string, path: string, body?: string): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
    });
    this.remember(response);
    const html = await response.text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1];
    if (token) this.lastCsrfToken = token;
    return { status: response.status, location: response.headers.get('location'), html, headers: response.headers };
  }

  /** The same cookies, sent to another server: as if the cookie had been carried to another instance. */
  pointedAt(baseUrl: string): WebClient {
    const copy = new WebClient(baseUrl);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  get(path: string): Promise<Response> {
    return this.send('GET', path);
  }

  /** Posts a form; `csrf: false` leaves the token out, a string sends that token instead of the last one read. */
  post(path: string, fields: Record<string, string> = {}, options: { csrf?: boolean | string } = {}): Promise<Response> {
    const csrf = options.csrf ?? true;
    const all = csrf === false ? fields : { _csrf: csrf === true ? this.lastCsrfToken : csrf, ...fields };
    return this.send('POST', path, new URLSearchParams(all).toString());
  }

  /**
   * Uploads a file as the imports form does (multipart, in the field `file` unless `field` says
   * otherwise), with the CSRF token of the last page read in the x-csrf-token header. Follows
   * nothing, like `post`.
   */
  async upload(
    path: string,
    file: { name: string; content: string | Buffer; field?: string },
    fields: Record<string, string> = {},
  ): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append(file.field ?? 'file', new Blob([file.content]), file.name);
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.lastCsrfToken },
      body: form,
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
  }

  /** The cookies this client sends, as a Cookie header. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Signs in through the sign-in form, as a person would. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

export interface TestSite {
  url: string;
  app: FastifyInstance;
  store: Store;
  organisation: Organisation;
  dir: string;
  /** Every row of every table, as text: equal before and after means nothing changed. */
  snapshot(): Promise<string>;
  /** A new client, signed in with the given role (or not signed in, without one). */
  client(role?: Role): Promise<WebClient>;
  close(): Promise<void>;
}

/**
 * The demo workspace in a temporary folder, one user per role, and the web app listening on a
 * free port, on a fixed clock. Close it in afterAll.
 */
export async function startTestSite(
  options: {
    now?: Date;
    clock?: () => Date;
    config?: Partial<WebConfig>;
    sessionSecret?: string;
    routes?: readonly RouteRule[];
    /** The environment the site reads senders' secrets from. */
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<TestSite> {
  if (!existsSync(join(PUBLIC_DIR, 'commsplan.css'))) buildWebAssets();
  const now = options.now ?? FIXED_NOW;
  const dir = mkdtempSync(join(tmpdir(), 'commsplan-web-'));
  const store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  const organisation = await createDemoWorkspace(store, now, londonDate(now));
  for (const role of ROLES)
    await addUser(store, organisation, { email: emailOf(role), role, password: TEST_PASSWORD }, { actor: 'test', now });
  const config = { ...loadConfig({}).web, signInAttemptsPerMinute: 1000, ...options.config };
  const app = await buildWebApp(
    {
      store,
      organisation,
      config,
      now: options.clock ?? (() => now),
      cwd: process.cwd(),
      ...SYSTEM_PORTS,
      sessionSecret: options.sessionSecret ?? 'test-secret-'.padEnd(40, 'x'),
      env: options.env,
    },
    options.routes,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    app,
    store,
    organisation,
    dir,
    async snapshot() {
      const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(store.db);
      const parts: string[] = [];
      for (const { name } of tables.rows) {
        // Stored audience counts are a cache that a recount started by an earlier page may write at any moment.
        if (name === 'audience_counts') continue;
        // The web app's own bookkeeping (uploads and their checks, sends, one-time notes), not the workspace's data.
        if (WEB_BOOKKEEPING.includes(name)) continue;
        const rows = await sql.raw(`SELECT * FROM "${name}"`).execute(store.db);
        parts.push(name, JSON.stringify(rows.rows));
      }
      return parts.join('\n');
    },
    async client(role) {
      const client = new WebClient(url);
      if (role) {
        const response = await client.signIn(emailOf(role));
        if (response.status !== 303) throw new Error(`Signing in as ${role} answered ${response.status}`);
      }
      return client;
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
