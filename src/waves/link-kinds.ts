/** The kinds of right that tie two mailboxes together when waves are planned, strongest first. */
export const LINK_KINDS = ['calendar-delegate', 'full-access', 'calendar-editor', 'send-as', 'send-on-behalf', 'read-only'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export type LinkWeights = Readonly<Record<LinkKind, number>>;

/** Folder levels that let someone change what is in the folder. */
const WRITING_LEVELS = new Set(['owner', 'publishingeditor', 'editor', 'publishingauthor', 'author', 'noneditingauthor', 'contributor']);

/**
 * The kind of link a stored right makes (`full-access`, `send-as`, `send-on-behalf`, or
 * `<folder>:<level>` as the permissions import writes them).
 */
export function linkKindOf(access: string): LinkKind {
  if (access === 'full-access' || access === 'send-as' || access === 'send-on-behalf') return access;
  const level = access.slice(access.indexOf(':') + 1);
  if (level === 'delegate') return 'calendar-delegate';
  return WRITING_LEVELS.has(level) ? 'calendar-editor' : 'read-only';
}

/** The weights from the settings (`link-weight-*`). */
export function linkWeightsFrom(settings: {
  linkWeightCalendarDelegate: number;
  linkWeightFullAccess: number;
  linkWeightCalendarEditor: number;
  linkWeightSendAs: number;
  linkWeightSendOnBehalf: number;
  linkWeightReadOnly: number;
}): LinkWeights {
  return {
    'calendar-delegate': settings.linkWeightCalendarDelegate,
    'full-access': settings.linkWeightFullAccess,
    'calendar-editor': settings.linkWeightCalendarEditor,
    'send-as': settings.linkWeightSendAs,
    'send-on-behalf': settings.linkWeightSendOnBehalf,
    'read-only': settings.linkWeightReadOnly,
  };
}

/** A kind of link as a person reads it after "has": "full access", "read access". */
export const LINK_KIND_WORDS: Readonly<Record<LinkKind, string>> = {
  'calendar-delegate': 'calendar delegate',
  'full-access': 'full access',
  'calendar-editor': 'editor access',
  'send-as': 'send as',
  'send-on-behalf': 'send on behalf',
  'read-only': 'read access',
};
