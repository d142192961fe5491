import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import { EXIT_CODE_BY_ERROR, EXIT_CODES, isCommsplanError } from '../shared/errors.js';
import { isWorkspaceBusy } from '../store/workspace-busy.js';
import { registerAudienceCommands } from './audience-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerBounceCommands } from './bounce-commands.js';
import { clockFrom } from './cli-clock.js';
import { CLI_BUSY_TIMEOUT_MS, type CliContext } from './cli-context.js';
import { registerDeliveryCommands } from './delivery-commands.js';
import { registerImportCommands } from './import-commands.js';
import { registerLostLetterCommands } from './lost-letter-commands.js';
import { registerMessageCommands } from './message-commands.js';
import { registerMigrateCommands } from './migrate-commands.js';
import { registerNhsmailCommands } from './nhsmail-commands.js';
import { registerPeopleCommands } from './people-commands.js';
import { registerPlanCommands } from './plan-commands.js';
import { registerResultsCommands } from './results-commands.js';
import { registerSendCommands } from './send-commands.js';
import { registerSenderCommands } from './sender-commands.js';
import { registerSettingsCommands } from './settings-commands.js';
import { registerTaskCommands } from './task-commands.js';
import { registerWavePlanningCommands } from './wave-planning-commands.js';
import { registerWaveCommands } from './waves-commands.js';
import { registerWebCommands } from './web-commands.js';
import { registerWorkspaceCommands } from './workspace-commands.js';

/** What the composition root hands the CLI: its context, less the configuration it reads from the environment. */
export type CliDependencies = Omit<CliContext, 'config' | 'stderrIsTerminal'> & { stderrIsTerminal?: boolean };

/** Every command, wired to `context`; exported so a test can walk the command tree. */
export function buildProgram(context: CliContext, setExitCode: (code: number) => void): Command {
  const program = new Command('commsplan')
    .description('Plan, date and check the communications of a move to NHSmail.')
    .option('--db <path>', 'workspace file (default: COMMSPLAN_DB or ./commsplan.db)')
    .option('--org-id <id>', 'which organisation, when a workspace holds several')
    .option(
      '--now <time>',
      'act as if it were this time (ISO 8601 with a zone, such as 2027-03-11T09:00:00Z), to simulate or catch up a schedule; the clock runs on from there',
    )
    .showHelpAfterError('(run commsplan --help for the commands)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  const realClock = context.now;
  program.hook('preAction', () => {
    context.now = clockFrom(realClock, program.opts<{ now?: string }>().now);
  });
  registerWorkspaceCommands(program, context);
  registerPlanCommands(program, context, setExitCode);
  registerSettingsCommands(program, context);
  registerWaveCommands(program, context);
  registerWavePlanningCommands(program, context);
  registerImportCommands(program, context, setExitCode);
  registerAudienceCommands(program, context);
  registerLostLetterCommands(program, context);
  registerMessageCommands(program, context);
  registerNhsmailCommands(program, context);
  registerPeopleCommands(program, context);
  registerSenderCommands(program, context, setExitCode);
  registerDeliveryCommands(program, context);
  registerResultsCommands(program, context);
  registerSendCommands(program, context, setExitCode);
  registerTaskCommands(program, context);
  registerBounceCommands(program, context, setExitCode);
  registerWebCommands(program, context);
  registerBackupCommands(program, context);
  registerMigrateCommands(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs one command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(args: readonly string[], dependencies: CliDependencies): Promise<number> {
  let exitCode: number = EXIT_CODES.done;
  try {
    const context: CliContext = {
      ...dependencies,
      stderrIsTerminal: dependencies.stderrIsTerminal ?? false,
      config: loadConfig(dependencies.env),
    };
    const program = buildProgram(context, (code) => {
      exitCode = code;
    });
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? EXIT_CODES.done
        : EXIT_CODES.badInput;
    }
    if (isCommsplanError(error)) {
      dependencies.stderr.write(`Error: ${error.message}\n`);
      return EXIT_CODE_BY_ERROR[error.code];
    }
    if (isWorkspaceBusy(error)) {
      dependencies.stderr.write(
        `Error: another program kept the workspace busy for ${CLI_BUSY_TIMEOUT_MS / 60_000} minutes, so the step that was waiting was not saved. Run the command again once that program has finished.\n`,
      );
      return EXIT_CODES.workspace;
    }
    dependencies.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_CODES.internal;
  }
}
