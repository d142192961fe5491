import type { Workspace } from '../plan/workspace.js';

/** How long a mail server may take, from the organisation's settings. */
export interface TransportTimeouts {
  connectMs: number;
  answerMs: number;
}

/** How long to wait for a mail server, and how many unanswered messages in a row pause its sender. */
export interface ServerWaits {
  timeouts: TransportTimeouts;
  unansweredToPause: number;
}

export function serverWaitsOf(workspace: Workspace): ServerWaits {
  const settings = workspace.typedSettings;
  return {
    timeouts: {
      connectMs: Math.max(1, settings.smtpConnectTimeoutSeconds) * 1000,
      answerMs: Math.max(1, settings.smtpAnswerTimeoutSeconds) * 1000,
    },
    unansweredToPause: Math.max(1, settings.smtpTimeoutsToPause),
  };
}
