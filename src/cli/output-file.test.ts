import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutputFile } from './output-file.js';

const dir = mkdtempSync(join(tmpdir(), 'commsplan-output-'));
writeFileSync(join(dir, 'a-file'), '');
mkdirSync(join(dir, 'a-folder'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writing a file a command was asked for', () => {
  it('writes, then appends', () => {
    const path = join(dir, 'plan.md');
    writeOutputFile(path, 'one\n');
    writeOutputFile(path, 'two\n', true);
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  it.each([
    ['into a folder that does not exist', join(dir, 'missing', 'plan.md'), `the folder ${join(dir, 'missing')} does not exist`],
    ['under a file taken for a folder', join(dir, 'a-file', 'plan.md'), 'is a file, not a folder'],
    ['onto a folder', join(dir, 'a-folder'), `${join(dir, 'a-folder')} is a folder`],
  ])('refuses to write %s, naming where', (_label, path, words) => {
    for (const append of [false, true])
      expect(() => writeOutputFile(path, 'text', append)).toThrowError(
        expect.objectContaining({ code: 'file-unwritable', message: expect.stringContaining(words) }),
      );
  });
});
