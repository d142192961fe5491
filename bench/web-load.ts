/**
 * What the web benchmarks share: their command-line numbers, starting the built `commsplan serve`
 * on a free port, signing in through the form as a browser does, and percentiles.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const PASSWORD = 'benchmark password, not for real use';
export const TARGET_MEDIAN_MS = 200;
export const TARGET_P95_MS = 500;

/** The number after `name` on the command line, or `fallback`. */
export const numberOption = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

export const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

export const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Starts a process and resolves with the first address it prints. */
export function startServer(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolvePromise({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} stopped (${code}) before listening:\n${output}`)));
  });
}

/** The built `commsplan serve` on the workspace, with sign-in limits a load of people needs. */
export const startCommsplan = (dbPath: string) =>
  startServer(process.execPath, ['bin/commsplan.js', 'serve', '--db', dbPath, '--port', '0'], {
    COMMSPLAN_SESSION_SECRET: 'benchmark session secret, not for real use'.padEnd(40, '.'),
    COMMSPLAN_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
  });

/** Signs in through the sign-in form, as a browser would, and returns the session cookie. */
export async function sessionCookie(base: string, email: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const visit = form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visit.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  const session = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('commsplan_session='));
  if (signedIn.status !== 303 || !session) throw new Error(`Signing in as ${email} answered ${signedIn.status}`);
  return session.split(';')[0] as string;
}
