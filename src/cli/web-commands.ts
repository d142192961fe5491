import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { addUser, changeRole, oneTimePassword, removeUser, setPassword, usersWithSignIns } from '../accounts/manage-users.js';
import { ROLES } from '../accounts/role.js';
import { findOrganisation } from '../plan/plan.store.js';
import { CommsplanError } from '../shared/errors.js';
import { openStore } from '../store/open-store.js';
import { printableLocation } from '../store/postgres-location.js';
import { buildWebApp } from '../web/build-web-app.js';
import {
  type CliContext,
  changeBy,
  formatTable,
  type GlobalOptions,
  printJson,
  withOrganisation,
  withStore,
  workspacePath,
} from './cli-context.js';
import { showWhatWouldBeSent } from './demo-sending-output.js';
import { ensureDemoWorkspace } from './workspace-commands.js';

/** The demo's administrator, given a new one-time password each time `npm start` serves the demo. */
export const DEMO_ADMIN = 'admin@northmoor-valley.example';

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CommsplanError('invalid-input', `--port "${text}" is not a port number: use a whole number from 0 to 65535.`, {
      field: 'port',
    });
  }
  return port;
}

/** Resolves once `signal` is aborted; never without one. */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Serves the workspace at `path` until the process is asked to stop; prints the address once listening. */
async function serveWorkspace(
  context: CliContext,
  path: string,
  options: { port: number; host: string; orgId?: string },
  onListening?: (url: string) => void,
): Promise<void> {
  const store = await openStore(path, { create: false });
  try {
    const organisation = await findOrganisation(store.db, path, options.orgId);
    const web = context.config.web;
    if (!web.sessionSecret) {
      context.stderr.write(
        'COMMSPLAN_SESSION_SECRET is not set: sessions end when this server stops, and only this server can serve them.\n',
      );
    }
    const sessionSecret = web.sessionSecret ?? randomBytes(32).toString('hex');
    const app = await buildWebApp({
      store,
      organisation,
      config: web,
      now: context.now,
      cwd: context.cwd,
      random: context.random,
      newId: context.newId,
      repeat: context.repeat,
      sessionSecret,
      env: context.env,
    });
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
    context.stdout.write(`Serving ${organisation.name} from ${printableLocation(path)} at ${url}\nStop with Ctrl+C.\n`);
    onListening?.(url);
    await untilAborted(context.stopSignal?.());
    await app.close();
  } finally {
    await store.close();
  }
}

export function registerWebCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('serve')
    .description('Serve the web app for the workspace')
    .option('--port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = parsePort(options.port);
      await serveWorkspace(context, workspacePath(context, globals()), { port, host: options.host, orgId: globals().orgId });
    });

  program
    .command('start-web')
    .description('Open (or create) the demo workspace and serve the web app, with a sign-in for its administrator (npm start)')
    .option('--dir <dir>', 'folder for the demo workspace', context.config.demoDir)
    .option('--port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { dir: string; port: string; host: string }) => {
      const port = parsePort(options.port);
      const { path, folder, created } = await ensureDemoWorkspace(context, options.dir, { database: globals().db });
      context.stdout.write(`${created ? 'Created' : 'Opened'} the demo workspace at ${printableLocation(path)}\n`);
      // The demo's approved emails go into its mail folder first, so the web app has them to show.
      await showWhatWouldBeSent(context, path, folder);
      const password = oneTimePassword();
      await withStore(path, false, async (store) => {
        const organisation = await findOrganisation(store.db, path);
        if (!(await setPassword(store, organisation, DEMO_ADMIN, password, { actor: 'start-web', now: context.now() }))) {
          await addUser(store, organisation, { email: DEMO_ADMIN, role: 'admin', password }, { actor: 'start-web', now: context.now() });
        }
      });
      await serveWorkspace(context, path, { port, host: options.host }, (url) =>
        context.stdout.write(
          `\nOpen ${url} and sign in as ${DEMO_ADMIN} with the password ${password}\n(a new one each time the demo starts).\n`,
        ),
      );
    });

  const users = program.command('users').description('People who may sign in to the web app');
  users
    .command('add <email>')
    .description('Add a person; prints a password to give them, shown only this once')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--password-env <var>', 'take the password from this environment variable instead')
    .action(async (email: string, options: { role: string; passwordEnv?: string }) => {
      const fromEnv = options.passwordEnv ? context.env[options.passwordEnv] : undefined;
      if (options.passwordEnv && !fromEnv) {
        throw new CommsplanError('invalid-input', `The environment variable ${options.passwordEnv} is not set.`, { field: 'password-env' });
      }
      const password = fromEnv ?? oneTimePassword();
      const user = await withOrganisation(context, globals(), (store, organisation) =>
        addUser(store, organisation, { email, role: options.role, password }, changeBy(context, undefined)),
      );
      context.stdout.write(`Added ${user.email} as ${user.role}.\n`);
      if (!fromEnv) context.stdout.write(`Password (shown only this once): ${password}\n`);
    });

  users
    .command('list')
    .description('List the people who may sign in, with their roles and when they last signed in')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withOrganisation(context, globals(), (store, organisation) => usersWithSignIns(store, organisation));
      if (options.json) return printJson(context, list);
      context.stdout.write(
        formatTable(
          ['Email', 'Role', 'Added', 'Last signed in'],
          list.map((u) => [
            u.email,
            u.role,
            u.createdAt.slice(0, 10),
            u.lastSignedInAt ? u.lastSignedInAt.slice(0, 16).replace('T', ' ') : 'never',
          ]),
        ),
      );
    });

  users
    .command('role <email>')
    .description('Give a person another role (the only administrator keeps theirs)')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (email: string, options: { role: string; by?: string }) => {
      const changed = await withOrganisation(context, globals(), (store, organisation) =>
        changeRole(store, organisation, { email, role: options.role }, changeBy(context, options.by)),
      );
      context.stdout.write(changed ? `${email} is now ${options.role}.\n` : `${email} was ${options.role} already.\n`);
    });

  users
    .command('remove <email>')
    .description('Remove a person, ending their sessions (the only administrator stays)')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (email: string, options: { by?: string }) => {
      const removed = await withOrganisation(context, globals(), (store, organisation) =>
        removeUser(store, organisation, email, changeBy(context, options.by)),
      );
      context.stdout.write(`Removed ${removed.email} (${removed.role}).\n`);
    });
}
