import { expect } from 'vitest';

/** What a person reads in a page's main content: its text without tags, scripts or hidden form values. */
export function mainTextOf(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

/** A CLI command line: "commsplan" followed by one of its commands (not "commsplan sent it"). */
export const COMMAND_LINE =
  /\bcommsplan (?:sender|settings|activity|approve|send|import|waves?|audiences?|tasks?|occurrence|report|preview|closures|bounces|lost-letters|export|check|users|worker|serve|init|demo|start|people)\b/;

/**
 * A page's words are plain: no occurrence keys ("welcome@1", "task-notes:..."), no CLI command
 * lines, no ISO timestamps, no word written twice in a row ("on on").
 */
export function expectPlainWords(html: string): void {
  const text = mainTextOf(html);
  expect(text).not.toMatch(/[a-z]@\d/);
  expect(text).not.toMatch(/task-notes:/);
  expect(text).not.toMatch(COMMAND_LINE);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  expect(text).not.toMatch(/\b(on|at|the|to) \1\b/i);
}
