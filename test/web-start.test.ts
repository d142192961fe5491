import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { DEMO_ADMIN } from '../src/cli/web-commands.js';
import { FIXED_NOW, SYSTEM_PORTS } from './support/cli-harness.js';
import { WebClient } from './support/web-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'commsplan-start-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `commsplan ARGS` in-process until it prints a sign-in, hands back what it printed and a way to stop it. */
async function startServing(...args: string[]) {
  let stdout = '';
  const stopping = new AbortController();
  let printed: () => void = () => {};
  const signInShown = new Promise<void>((resolve) => {
    printed = resolve;
  });
  const exit = runCli(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        if (/password \S+/.test(stdout)) printed();
      },
    },
    stderr: { write: () => true },
    env: {},
    cwd: dir,
    now: () => FIXED_NOW,
    ...SYSTEM_PORTS,
    stopSignal: () => stopping.signal,
  });
  await Promise.race([signInShown, exit.then((code) => Promise.reject(new Error(`exited ${code}: ${stdout}`)))]);
  const url = /Open (http:\/\/\S+) and sign in/.exec(stdout)?.[1] ?? '';
  const password = /with the password (\S+)/.exec(stdout)?.[1] ?? '';
  return {
    stdout,
    url,
    password,
    stop: async () => {
      stopping.abort();
      return await exit;
    },
  };
}

describe('npm start (commsplan start-web)', () => {
  it('creates the demo, serves it and prints the address and a sign-in that works; a new password each start', async () => {
    // As `npm start` runs it: the demo in ./commsplan-demo.
    const first = await startServing('start-web', '--port', '0');
    expect(first.stdout).toContain('Created the demo workspace');
    expect(first.stdout).toContain(`sign in as ${DEMO_ADMIN}`);
    const client = new WebClient(first.url);
    expect((await client.signIn(DEMO_ADMIN, first.password)).status).toBe(303);
    expect((await client.get('/')).html).toContain('Northmoor Valley NHS Trust');
    expect(await first.stop()).toBe(0);

    const second = await startServing('start-web', '--port', '0');
    expect(second.stdout).toContain('Opened the demo workspace');
    expect(second.password).not.toBe(first.password);
    const again = new WebClient(second.url);
    expect((await again.signIn(DEMO_ADMIN, first.password)).status).toBe(401);
    expect((await again.signIn(DEMO_ADMIN, second.password)).status).toBe(303);
    expect(await second.stop()).toBe(0);
  });

  it("runs the README's command-line steps for the demo as written, after npm start made it", async () => {
    const quickStart = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n## ')[1] ?? '';
    const steps = quickStart.split('\n').filter((line) => line.startsWith('npx commsplan '));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(step.replace(/#.*/, '').trim().split(/\s+/).slice(2), {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
        cwd: dir,
        now: () => FIXED_NOW,
        ...SYSTEM_PORTS,
      });
      expect({ step, code, stderr }).toEqual({ step, code: 0, stderr: '' });
      expect(stdout).not.toBe('');
    }
  });
});
