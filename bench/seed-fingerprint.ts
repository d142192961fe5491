/**
 * The fingerprint of the source plan that the built-in NHSmail plan was written from: a sorted
 * list of short hashes of its eight-word runs, never its text. The plan's test compares our own
 * runs against it, so a sentence copied from the source fails the build on any clone, with or
 * without the source beside it.
 *
 * Regenerate it when the source changes (the source is not part of the repository):
 *   node --import tsx bench/seed-fingerprint.ts PATH/TO/nhsmail-migration-comms-plan-template.txt
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUN_LENGTH = 8;
export const HASH_LENGTH = 10;

export const FINGERPRINT_PATH = resolve(import.meta.dirname, '../src/plan/nhsmail/seed-fingerprint.json');

export interface SeedFingerprint {
  about: string;
  runLength: number;
  hashLength: number;
  hashes: string[];
}

/** Words as the comparison sees them: lower case, apostrophes dropped, the source's typos of NHSmail mended. */
export function normalisedWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2018\u2019']/g, '')
      .replace(/\bnhs(?:mal|mial|mmail)\b/g, 'nhsmail')
      .match(/[a-z0-9@]+(?:\.[a-z0-9@]+)*/g) ?? []
  );
}

/** Every run of eight consecutive words, across sentence and line ends. */
export function wordRuns(text: string): Set<string> {
  const words = normalisedWords(text);
  const runs = new Set<string>();
  for (let i = 0; i + RUN_LENGTH <= words.length; i += 1) runs.add(words.slice(i, i + RUN_LENGTH).join(' '));
  return runs;
}

export function runHash(run: string): string {
  return createHash('sha256').update(run).digest('hex').slice(0, HASH_LENGTH);
}

export function fingerprintOf(text: string): SeedFingerprint {
  return {
    about: `First ${HASH_LENGTH} hex digits of the SHA-256 of each normalised ${RUN_LENGTH}-word run of the source plan. Regenerate with: node --import tsx bench/seed-fingerprint.ts PATH/TO/nhsmail-migration-comms-plan-template.txt`,
    runLength: RUN_LENGTH,
    hashLength: HASH_LENGTH,
    hashes: [...new Set([...wordRuns(text)].map(runHash))].sort(),
  };
}

export function readFingerprint(): SeedFingerprint {
  return JSON.parse(readFileSync(FINGERPRINT_PATH, 'utf8')) as SeedFingerprint;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error('Name the source plan: node --import tsx bench/seed-fingerprint.ts PATH/TO/nhsmail-migration-comms-plan-template.txt');
    process.exit(2);
  }
  const seedPath = resolve(process.argv[2]);
  const fingerprint = fingerprintOf(readFileSync(seedPath, 'utf8'));
  writeFileSync(FINGERPRINT_PATH, `${JSON.stringify(fingerprint, null, 2)}\n`);
  console.log(`Wrote ${fingerprint.hashes.length} run hashes of ${seedPath} to ${FINGERPRINT_PATH}`);
}
