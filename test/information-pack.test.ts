import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAddressProbe } from '../src/publishing/address-probe.js';
import { cliSandbox, FIXED_NOW } from './support/cli-harness.js';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

const place: DemoPlace = { dir: mkdtempSync(join(tmpdir(), 'commsplan-pack-cli-')), clock: FIXED_NOW };
const { run, ok } = demoCli(place);

/** A real HTTP server on a free local port that answers every request with `status`; how many it was asked is counted. */
async function serverAnswering(status: number): Promise<{ url: string; asked: string[]; server: Server }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    response.writeHead(status, { 'content-type': 'text/html' }).end(request.method === 'HEAD' ? undefined : 'pack');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/nhsmail/information-pack`, asked, server };
}

/** An address on a local port nobody listens on: connections to it are refused. */
async function refusingAddress(): Promise<string> {
  const { url, server } = await serverAnswering(200);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

const servers: Server[] = [];
beforeAll(async () => {
  await ok('demo', '--dir', 'demo', '--plan-only');
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(place.dir, { recursive: true, force: true });
});

describe('commsplan export --format pack and poster', () => {
  it('writes information-pack.html and information-pack.pdf into the folder, creating it', async () => {
    const result = await ok('export', '--format', 'pack', '--out', 'published/pack');
    const folder = join(place.dir, 'published/pack');
    expect(result.stdout).toContain(join(folder, 'information-pack.html'));
    expect(result.stderr).toBe('');
    const html = readFileSync(join(folder, 'information-pack.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Wave 4');
    expect(readFileSync(join(folder, 'information-pack.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [join(folder, 'information-pack.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Questions and answers');
  });

  it('writes poster.pdf, one page', async () => {
    await ok('export', '--format', 'poster', '--out', 'published');
    const info = execFileSync('pdfinfo', [join(place.dir, 'published/poster.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
  });

  it('asks for a folder, and names the formats it knows', async () => {
    const noFolder = await run('export', '--format', 'pack');
    expect(noFolder.code).not.toBe(0);
    expect(noFolder.stderr).toContain('--out DIR');
    expect((await run('export', '--format', 'brochure')).stderr).toContain('pack or poster for staff');
  });

  it('says which settings a draft pack lacks, and writes it with "[to be added: ...]" in their place', async () => {
    const sandbox = cliSandbox();
    try {
      expect((await sandbox.run('init', '--org', 'Ysbyty Llŷr', '--start', '2026-12-07')).code).toBe(0);
      const result = await sandbox.run('export', '--format', 'pack', '--out', 'out');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('helpdesk-phone');
      expect(result.stderr).toContain('No waves are planned yet');
      const html = readFileSync(join(sandbox.dir, 'out/information-pack.html'), 'utf8');
      expect(html).toContain('[to be added: local it helpdesk phone]');
      expect(html).not.toContain('((');
      expect(existsSync(join(sandbox.dir, 'out/information-pack.pdf'))).toBe(true);
    } finally {
      sandbox.cleanup();
    }
  });
});

describe('check and the information pack address', () => {
  const packWarning = 'does not answer';

  it('warns while information-pack-url is empty', async () => {
    const sandbox = cliSandbox();
    try {
      await sandbox.run('init', '--org', 'Ysbyty Llŷr', '--start', '2026-12-07');
      const check = await sandbox.run('check', '--json');
      const codes = (JSON.parse(check.stdout).findings as { code: string; severity: string }[]).filter((f) =>
        f.code.startsWith('information-pack'),
      );
      expect(codes).toEqual([
        expect.objectContaining({ code: 'information-pack-unpublished', severity: 'warning' }),
        expect.objectContaining({ code: 'information-pack-draft', severity: 'warning' }),
      ]);
    } finally {
      sandbox.cleanup();
    }
  });

  it('says nothing when the address answers', async () => {
    const answering = await serverAnswering(200);
    servers.push(answering.server);
    await ok('settings', 'set', 'information-pack-url', answering.url);
    const check = await run('check');
    expect(check.stdout).not.toContain(packWarning);
    expect(answering.asked).toEqual(['HEAD /nhsmail/information-pack']);
  });

  it('warns when the address answers 404, naming the address and the status', async () => {
    const missing = await serverAnswering(404);
    servers.push(missing.server);
    await ok('settings', 'set', 'information-pack-url', missing.url);
    const check = await run('check');
    expect(check.stdout).toContain(`warning  The information pack address ${missing.url} does not answer (it answers 404 Not Found)`);
  });

  it('warns when nothing listens at the address, and skips the check with --offline', async () => {
    const refused = await refusingAddress();
    await ok('settings', 'set', 'information-pack-url', refused);
    expect((await run('check')).stdout).toContain(`${refused} does not answer (the server refused the connection)`);
    expect((await run('check', '--offline')).stdout).not.toContain(packWarning);
  });
});

describe('the address probe', () => {
  it('asks with GET when the server does not take HEAD', async () => {
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.method ?? '');
      response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await httpAddressProbe(2000)(`http://127.0.0.1:${(server.address() as AddressInfo).port}/pack.pdf`);
    expect(answer).toEqual({ answered: true, status: 200 });
    expect(asked).toEqual(['HEAD', 'GET']);
  });

  it('does not send anything to a name kept for examples', async () => {
    expect(await httpAddressProbe(2000)('https://intranet.northmoor-valley.example/pack')).toEqual({
      answered: false,
      why: 'intranet.northmoor-valley.example is a name kept for examples, which no server answers for',
    });
  });
});
