import { standardFilterOf } from '../audiences/builtin-audiences.js';
import { DIRECTORY_FIELDS, EVERY_AUDIENCE_SETTINGS } from '../audiences/directory-fields.js';
import { type FilterNode, parseFilter } from '../audiences/filter-language.js';
import { PERSONAL_FIELD_SETTINGS } from '../audiences/personal-fields.js';
import { COLLEAGUES_APART_FIELD, COLLEAGUES_APART_SETTINGS } from '../messages/colleagues-apart-field.js';
import { OWN_WAVE_FIELDS, PERSONAL_FIELDS, PLAN_FIELDS, WAVE_FIELDS } from '../messages/message-fields.js';
import { placeholdersIn } from '../messages/placeholders.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { placeholderNameOf, SETTING_CATALOGUE } from '../settings/setting-catalogue.js';

/** The sender an activity's emails go from: its own, else the default. */
export interface SenderChoice {
  /** Activity id → the sender it names; activities that name none use the default. */
  byActivity: ReadonlyMap<string, string>;
  defaultSender: string | undefined;
  /** Sender name → its From address. */
  fromOf: ReadonlyMap<string, string>;
}

/** What an approval vouches for, besides the people it reaches (read when the email is due). */
export interface ApprovalScope {
  templates: [id: string, subject: string | null, body: string | null][];
  /** Each audience's rule: a custom audience's filter, or null for a built-in one. */
  audiences: [name: string, rule: string | null][];
  channels: string[];
  /** The settings its wording, its sending or who it reaches depends on, with their values now. */
  settings: [key: string, value: string | null][];
  sender: [name: string | null, from: string | null];
  /** The day it goes. */
  sendDate: string;
  /** The waves whose names and dates its wording shows: its own wave's, or every wave's; empty when it shows none. */
  waveDates: [name: string, start: string, end: string][];
}

/** Sent as one message to the all-staff distribution list rather than to each person. */
export const goesToAllStaffList = (occurrence: Pick<Occurrence, 'channels'>) => occurrence.channels.includes('all-staff-email');

/**
 * The setting naming the list an all-staff email goes to: after the moves (the completion email),
 * the NHSmail all-staff list when one is set, else the local one.
 */
export function allStaffListSetting(
  workspace: Pick<Workspace, 'typedSettings'>,
  occurrence: Pick<Occurrence, 'phase'>,
): 'all-staff-address' | 'nhsmail-all-staff-address' {
  return occurrence.phase === 'post-migration' && workspace.typedSettings.nhsmailAllStaffAddress
    ? 'nhsmail-all-staff-address'
    : 'all-staff-address';
}

/** The address an all-staff email goes to as one message, or undefined (not an all-staff email, or no list set). */
export function allStaffListAddress(
  workspace: Pick<Workspace, 'typedSettings'>,
  occurrence: Pick<Occurrence, 'channels' | 'phase'>,
): string | undefined {
  if (!goesToAllStaffList(occurrence)) return undefined;
  return allStaffListSetting(workspace, occurrence) === 'nhsmail-all-staff-address'
    ? workspace.typedSettings.nhsmailAllStaffAddress
    : workspace.typedSettings.allStaffAddress;
}

function templatesOf(workspace: Workspace, occurrence: Occurrence) {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  return (activity?.templateIds ?? []).map((id) => ({ id, template: workspace.templates.find((t) => t.id === id) }));
}

/** The placeholders the occurrence's templates use, subject and body. */
export function placeholdersUsed(workspace: Workspace, occurrence: Occurrence): Set<string> {
  return new Set(
    templatesOf(workspace, occurrence).flatMap(({ template }) => (template ? placeholdersIn(`${template.subject}\n${template.body}`) : [])),
  );
}

/** Custom audience rules by name; a built-in or wave audience's filter is never looked up here. */
export type AudienceRules = ReadonlyMap<string, string>;

/** Every field a filter reads, by name. */
function fieldsOf(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...fieldsOf(node.left), ...fieldsOf(node.right)];
    case 'not':
      return fieldsOf(node.operand);
    default:
      return [node.field.name];
  }
}

/** Every setting any field's value is worked out from. */
const DIRECTORY_SETTINGS = [...new Set(DIRECTORY_FIELDS.flatMap((field) => field.settings ?? []))];
/** The settings each filter field's value is worked out from, by the field's name. */
const SETTINGS_BY_FIELD = new Map(DIRECTORY_FIELDS.map((field) => [field.name, field.settings ?? []]));

/**
 * The settings that decide who one audience picks: those its filter's fields are worked out from
 * (`mobile` from mobile-active-days), and those that decide whether anyone may be in an audience
 * at all. A rule that no longer reads is taken to depend on all of them.
 */
export function audienceSettingsUsed(name: string, rules: AudienceRules): string[] {
  const text = standardFilterOf(name) ?? rules.get(name.trim().toLowerCase()) ?? rules.get(name);
  let fields: string[] = [];
  try {
    fields = text === undefined ? [] : fieldsOf(parseFilter(text));
  } catch {
    return [...new Set([...EVERY_AUDIENCE_SETTINGS, ...DIRECTORY_SETTINGS])].sort();
  }
  return [...new Set([...EVERY_AUDIENCE_SETTINGS, ...fields.flatMap((field) => SETTINGS_BY_FIELD.get(field) ?? [])])].sort();
}

/**
 * The setting keys an occurrence uses: those its templates name (`((helpdesk phone))`, `((not x))`);
 * for an email to the all-staff list, that list; for one to each person, those that decide who its
 * audiences pick and those its personal fields (`((quota))`) are worked out from.
 */
export function settingsUsed(workspace: Workspace, occurrence: Occurrence, rules: AudienceRules = new Map()): string[] {
  const used = placeholdersUsed(workspace, occurrence);
  const keys = new Set(
    SETTING_CATALOGUE.map((s) => s.key).filter((key) => used.has(placeholderNameOf(key)) || used.has(`not ${placeholderNameOf(key)}`)),
  );
  // A clean-up deadline is worked out per wave from both deadline settings.
  if (used.has('quota deadline')) keys.add('quota-deadline-days-before-wave');
  if (goesToAllStaffList(occurrence)) {
    keys.add('all-staff-address');
    if (occurrence.phase === 'post-migration') keys.add('nhsmail-all-staff-address');
  } else {
    for (const name of occurrence.audiences) for (const key of audienceSettingsUsed(name, rules)) keys.add(key);
    for (const field of personalFieldsUsed(workspace, occurrence)) for (const key of PERSONAL_FIELD_SETTINGS[field] ?? []) keys.add(key);
    if (used.has(COLLEAGUES_APART_FIELD)) for (const key of COLLEAGUES_APART_SETTINGS) keys.add(key);
  }
  return [...keys].sort();
}

/** The per-person placeholders a template asks for, which one message to a list cannot fill. */
export function personalFieldsUsed(workspace: Workspace, occurrence: Occurrence): string[] {
  const used = placeholdersUsed(workspace, occurrence);
  return [...PERSONAL_FIELDS, COLLEAGUES_APART_FIELD].filter((name) => used.has(name));
}

/**
 * The waves whose names and dates the wording shows: `((wave start))` shows the occurrence's own
 * wave; `((your wave dates))`, `((wave list))` and the like can show any wave, so every wave.
 */
export function waveDatesShown(workspace: Workspace, occurrence: Occurrence): [name: string, start: string, end: string][] {
  const used = placeholdersUsed(workspace, occurrence);
  const showsAny = [...OWN_WAVE_FIELDS, ...PLAN_FIELDS].some((name) => used.has(name) || used.has(`not ${name}`));
  const showsOwn = WAVE_FIELDS.some((name) => used.has(name) || used.has(`not ${name}`));
  const shown = showsAny ? workspace.waves : showsOwn ? workspace.waves.filter((w) => w.id === occurrence.wave?.id) : [];
  return [...shown].sort((a, b) => a.id - b.id).map((w) => [w.name, w.start, w.end]);
}

export function approvalScope(
  workspace: Workspace,
  occurrence: Occurrence,
  rules: ReadonlyMap<string, string>,
  senders: SenderChoice,
): ApprovalScope {
  const senderName = senders.byActivity.get(occurrence.activityId) ?? senders.defaultSender;
  return {
    templates: templatesOf(workspace, occurrence).map(({ id, template }) => [id, template?.subject ?? null, template?.body ?? null]),
    audiences: occurrence.audiences.map((name) => [name, rules.get(name) ?? null]),
    channels: [...occurrence.channels],
    settings: settingsUsed(workspace, occurrence, rules).map((key) => [key, workspace.settings[key] ?? null]),
    sender: [senderName ?? null, (senderName && senders.fromOf.get(senderName)) ?? null],
    sendDate: occurrence.date,
    waveDates: waveDatesShown(workspace, occurrence),
  };
}

/** A hash of each part of the scope, by what a person would call it: `setting helpdesk-phone`, `template wave-reminder`. */
export type ScopeParts = Record<string, string>;

export function scopeParts(scope: ApprovalScope, sha256Hex: (text: string) => string): ScopeParts {
  const hash = (value: unknown) => sha256Hex(JSON.stringify(value)).slice(0, 16);
  return {
    ...Object.fromEntries(scope.templates.map(([id, subject, body]) => [`template ${id}`, hash([subject, body])])),
    ...Object.fromEntries(scope.audiences.map(([name, rule]) => [`audience ${name}`, hash(rule)])),
    ...Object.fromEntries(scope.settings.map(([key, value]) => [`setting ${key}`, hash(value)])),
    channels: hash(scope.channels),
    // An email approved before any sender exists has none: the first one chosen is not a change.
    ...(scope.sender[0] === null ? {} : { sender: hash(scope.sender) }),
    [SEND_DATE]: hash(scope.sendDate),
    ...(scope.waveDates.length ? { [WAVE_DATES]: hash(scope.waveDates) } : {}),
  };
}

/** The parts a wave move can change, named as a person would read them in "… changed". */
export const SEND_DATE = 'the day it goes';
export const WAVE_DATES = 'the wave dates it shows';
const DATE_PARTS: readonly string[] = [SEND_DATE, WAVE_DATES];

/**
 * What is stored with an approval: the parts' hashes, so a later change can be named. Version 3
 * added the settings that decide who an email reaches and its personal fields' values; version 4
 * the day it goes and the wave dates its wording shows, so that moving a wave is a change.
 */
export function fingerprintOf(parts: ScopeParts): string {
  return JSON.stringify({ v: 4, parts });
}

/** The parts' hashes an approval stored, and their version; undefined when it is not one of these (an approval given before settings and senders were part of it). */
export function storedScope(fingerprint: string | undefined): { version: number; parts: ScopeParts } | undefined {
  try {
    const parsed = JSON.parse(fingerprint ?? '') as { v?: number; parts?: ScopeParts };
    return (parsed?.v === 2 || parsed?.v === 3 || parsed?.v === 4) && parsed.parts ? { version: parsed.v, parts: parsed.parts } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The parts that differ between an approval's and now that are there only because the scope grew
 * since it was given, not because anything changed: a first sender, and, for a version 2
 * approval, a setting now in its scope (one who it reaches depends on) while none of what it did
 * cover changed; for one older than version 4, the day it goes and the wave dates it shows. Such
 * an approval is given the present fingerprint instead of being withdrawn.
 */
export function partsNewToScope(then: { version: number; parts: ScopeParts }, changed: readonly string[]): string[] {
  return changed.filter(
    (name) =>
      then.parts[name] === undefined &&
      (name === 'sender' || (then.version < 3 && name.startsWith('setting ')) || (then.version < 4 && DATE_PARTS.includes(name))),
  );
}

/**
 * The changes that do not reach an email part-way through sending: its messages are queued, so the
 * day it was due and the wave dates they were made with no longer matter to it.
 */
export function changesThatReachSending(changed: readonly string[]): string[] {
  return changed.filter((name) => !DATE_PARTS.includes(name));
}

/** The parts that differ between an approval's and now, by name; empty when nothing changed. */
export function changedParts(then: ScopeParts, now: ScopeParts): string[] {
  const names = new Set([...Object.keys(then), ...Object.keys(now)]);
  return [...names].filter((name) => then[name] !== now[name]).sort();
}

/** `setting helpdesk-phone and template wave-reminder changed`. */
export function describeChange(parts: readonly string[]): string {
  const named = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'what it covers');
  return `${named} changed`;
}
