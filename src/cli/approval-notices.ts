import type { Command } from 'commander';
import type { ApprovalReview } from '../approvals/review-approvals.js';
import type { CliContext } from './cli-context.js';

/** The options of every command that can change what an approved email says, reaches or comes from. */
export function approvalOptions(command: Command): Command {
  return command
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .option('--keep-approval', 'as an approver, confirm the change keeps the approvals of the emails it touches (needs --by)');
}

/** Says which approved emails lost their approval with this change, and which kept it. */
export function sayApprovalReview(context: CliContext, review: ApprovalReview): void {
  for (const notice of [...review.withdrawn, ...review.kept]) context.stdout.write(`${notice.message}\n`);
}
