import type { Workspace } from '../plan/workspace.js';
import type { DocumentBlock } from '../plan-outputs/document-model.js';
import type { MissingSetting } from './published-values.js';

/** A document staff read, as blocks, with the settings it still lacks. */
export interface PublishedDocument {
  title: string;
  /** BCP 47 language tag of the text. */
  language: string;
  blocks: DocumentBlock[];
  missing: MissingSetting[];
}

/** What published copy reads from the workspace: its settings, its waves and their dates. */
export type PackSource = Pick<Workspace, 'organisation' | 'settings' | 'typedSettings' | 'waves' | 'timeline' | 'calendar'>;
