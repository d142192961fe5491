/**
 * Wave planning at a trust's size and at NHSmail's: `npm run bench:waves` (5,000 mailboxes, then
 * 1.5 million; `-- --typical` for the first alone, `-- --mailboxes N --room R` for one size).
 * Generates an organisation (`waves-organisation.ts`), drops the links of accounts with rights on
 * more than 50 mailboxes as the product does, and plans the same waves five ways, each in its own
 * process so that its peak memory is its own: our planner (`partitionWaves`), also asked to keep
 * departments together at the smaller size, and three baselines measured in the same run
 * (`waves-baselines.ts`): permission-linked groups cut to fit, whole departments, and the
 * alphabet. Every plan is checked to place every mailbox within every wave's room; the planner
 * must break the least link weight of all.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { WaveSpace } from '../src/waves/partition-waves.js';
import { BROAD_HOLDER_THRESHOLD, distinctMailboxesHeld, dropBroadHolders } from './drop-broad-holders.js';
import { writePlanningInput } from './waves-files.js';
import { METHODS, type Measured, type Method, measureInThisProcess } from './waves-measure.js';
import { generateWavesOrganisation, Right, type WavesOrganisation } from './waves-organisation.js';
import { planWorkspace } from './waves-workspace.js';

const ROOT = resolve(import.meta.dirname, '..');
const GB = 1024 ** 3;
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};

/** The generator's promises, checked on what it made: a failure here means the organisation is not the one described. */
function checkStructure(organisation: WavesOrganisation, droppedHolders: Int32Array): void {
  const { links, nodeCount } = organisation;
  const delegateLinks = new Int32Array(nodeCount);
  for (let k = 0; k < links.length; k++) {
    const holder = links.from[k] as number;
    if (links.right[k] === Right.calendarDelegate) delegateLinks[holder] = (delegateLinks[holder] as number) + 1;
  }
  for (const assistant of organisation.assistants) {
    const count = delegateLinks[assistant] as number;
    if (count < 2 || count > 5) throw new Error(`assistant ${assistant} is a delegate for ${count} executives, not 2 to 5`);
  }
  const held = distinctMailboxesHeld(nodeCount, links);
  const dropped = new Set(droppedHolders);
  for (const account of organisation.serviceAccounts) {
    if ((held[account] as number) <= BROAD_HOLDER_THRESHOLD || !dropped.has(account)) {
      throw new Error(`service account ${account} holds rights on only ${held[account]} mailboxes, or was kept`);
    }
  }
}

function wavesFor(organisation: WavesOrganisation, room: number): WaveSpace[] {
  let totalBytes = 0;
  for (const size of organisation.sizes) totalBytes += size;
  const count = Math.round((organisation.nodeCount / room) * 1.1);
  // As many bytes as `room` mailboxes of the average size: bytes bind in waves of large mailboxes.
  const bytes = Math.ceil(((totalBytes / organisation.nodeCount) * room) / (10 * GB)) * 10 * GB;
  return Array.from({ length: count }, () => ({ mailboxes: room, bytes }));
}

function runChild(dir: string, method: Method): Measured {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/waves-benchmark.ts'), '--child', dir, method], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measured;
}

function describeOrganisation(
  organisation: WavesOrganisation,
  kept: number,
  dropped: ReturnType<typeof dropBroadHolders>,
  seconds: number[],
): string {
  const shared = organisation.isShared.reduce((n, s) => n + s, 0);
  const services = organisation.serviceAccounts.length;
  const byRight = ['calendar reviewer', 'calendar editor', 'calendar delegate', 'send on behalf', 'full access', 'send as'].map(
    (name, right) => `${name} ${fmt(dropped.links.right.reduce((n, r) => n + (r === right ? 1 : 0), 0))}`,
  );
  return [
    `generated ${fmt(organisation.nodeCount)} mailboxes (${fmt(organisation.nodeCount - shared - services)} people in ${fmt(organisation.departmentCount)} departments of ${fmt(organisation.trustCount)} ${organisation.trustCount === 1 ? 'trust' : 'trusts'}, ${fmt(shared)} shared mailboxes, ${fmt(services)} service accounts, ${fmt(organisation.assistants.length)} assistants) and ${fmt(organisation.links.length)} permission links in ${(seconds[0] as number).toFixed(1)} s`,
    `dropped ${fmt(dropped.droppedLinks)} links held by ${fmt(dropped.droppedHolders.length)} accounts with rights on more than ${BROAD_HOLDER_THRESHOLD} mailboxes in ${(seconds[1] as number).toFixed(2)} s; ${fmt(kept)} links left: ${byRight.join(', ')}`,
  ].join('\n');
}

function describeWaves(organisation: WavesOrganisation, waves: readonly WaveSpace[]): string {
  const room = waves[0] as WaveSpace;
  const totalBytes = organisation.sizes.reduce((n, s) => n + s, 0);
  return `${waves.length} waves, each with room for ${fmt(room.mailboxes)} mailboxes and ${fmt(room.bytes / GB)} GB; the mailboxes would fill ${(organisation.nodeCount / room.mailboxes).toFixed(1)} waves by count and ${(totalBytes / room.bytes).toFixed(1)} by size`;
}

function table(results: Measured[]): string {
  const rows = results.map((r) => {
    const name = METHODS[r.method];
    if (r.status !== 'ok') return `| ${name} | ${r.status} (${r.message}) | | | | | | | |`;
    const share = ((r.broken as number) / Math.max(r.totalWeight as number, 1)) * 100;
    const seconds = `${(r.seconds as number).toFixed(2)}${r.graphSeconds === undefined ? '' : ` (graph ${r.graphSeconds.toFixed(2)})`}`;
    return `| ${name} | ${fmt(r.broken as number)} (${share.toFixed(1)}%) | ${r.wavesUsed} | ${fmt(r.fullestMailboxes as number)} | ${fmt((r.fullestBytes as number) / GB)} | ${fmt(r.departmentsSplit as number)} | ${seconds} | ${fmt(r.loadRssMb as number)} | ${fmt(r.peakRssMb as number)} |`;
  });
  return [
    '| method | broken link weight (share of all) | waves used | fullest wave, mailboxes | fullest wave, GB | departments split | seconds | MB after loading | peak MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** What the run must show; a list of what it did not. */
function failures(results: Measured[]): string[] {
  const problems = results.filter((r) => r.status === 'failed').map((r) => `${METHODS[r.method]} failed: ${r.message}`);
  const planner = results.find((r) => r.method === 'planner');
  if (planner?.status !== 'ok') return problems;
  for (const r of results) {
    if (r.status === 'ok' && !r.method.startsWith('planner') && (planner.broken as number) > (r.broken as number)) {
      problems.push(
        `our planner broke ${fmt(planner.broken as number)} of link weight, more than ${METHODS[r.method]} (${fmt(r.broken as number)})`,
      );
    }
  }
  return problems;
}

async function runSize(mailboxes: number, room: number, seed: number, targets: { seconds: number; peakMb?: number }): Promise<string[]> {
  console.log(`\n${fmt(mailboxes)} mailboxes`);
  let t = performance.now();
  const organisation = generateWavesOrganisation({ mailboxes, seed });
  const generated = (performance.now() - t) / 1000;
  t = performance.now();
  const dropped = dropBroadHolders(organisation.nodeCount, organisation.links);
  const dropSeconds = (performance.now() - t) / 1000;
  checkStructure(organisation, dropped.droppedHolders);
  console.log(describeOrganisation(organisation, dropped.links.length, dropped, [generated, dropSeconds]));
  const waves = wavesFor(organisation, room);
  console.log(describeWaves(organisation, waves));
  const dir = join(ROOT, 'bench', 'out', `waves-${mailboxes}`);
  writePlanningInput(dir, organisation, dropped.links, waves);

  const methods: Method[] = ['planner', 'components', 'departments', 'alphabetical'];
  if (mailboxes <= 100_000) methods.splice(1, 0, 'plannerByDepartment');
  const results = methods.map((method) => runChild(dir, method));
  console.log(table(results));
  const components = results.find((r) => r.method === 'components');
  if (components?.largestGroup !== undefined) {
    console.log(
      `the largest group of mailboxes linked by permissions holds ${fmt(components.largestGroup)} (${((components.largestGroup / mailboxes) * 100).toFixed(0)}% of all): planned as FastTrack's script plans, it would be one batch`,
    );
  }
  const planner = results.find((r) => r.method === 'planner') as Measured;
  if (planner.status === 'not built') console.log(`our planner is not built on this branch (${planner.message}): only the baselines ran`);
  if (planner.status === 'ok') {
    const timeMet = (planner.seconds as number) < targets.seconds ? 'met' : 'missed';
    const memory =
      targets.peakMb === undefined
        ? ''
        : `; peak memory ${fmt(planner.peakRssMb as number)} MB (target under ${fmt(targets.peakMb)} MB: ${(planner.peakRssMb as number) < targets.peakMb ? 'met' : 'missed'})`;
    console.log(
      `our planner, graph included: ${(planner.seconds as number).toFixed(2)} s (target under ${targets.seconds} s: ${timeMet})${memory}`,
    );
  }
  const problems = failures(results);
  if (planner.status === 'ok' && mailboxes <= 20_000) problems.push(...wholeCommand(organisation, waves, planner, targets.seconds));
  return problems.map((problem) => `${fmt(mailboxes)} mailboxes: ${problem}`);
}

/** `waves plan` on a workspace holding the same organisation as exports: times the whole command. */
function wholeCommand(organisation: WavesOrganisation, waves: WaveSpace[], planner: Measured, target: number): string[] {
  const result = planWorkspace(organisation, waves);
  const median = [...result.seconds].sort((a, b) => a - b)[Math.floor(result.seconds.length / 2)] as number;
  console.log(
    [
      `waves plan on a workspace holding these exports (the use-case in its own process, the workspace open): ${result.seconds.map((s) => s.toFixed(2)).join(', ')} s (median ${median.toFixed(2)} s, target under ${target} s: ${median < target ? 'met' : 'missed'}), peak ${fmt(result.peakRssMb)} MB; the first, which also builds the people table: ${result.firstSeconds.toFixed(2)} s`,
      `  the whole command with Node's start: ${result.commandSeconds.toFixed(2)} s, against ${result.startSeconds.toFixed(2)} s for commsplan waves list`,
      `  ${fmt(result.placed)} mailboxes placed, broken link weight ${fmt(result.brokenWeight)} (the planner on the arrays: ${fmt(planner.broken as number)}), fullest wave ${fmt(result.fullestMailboxes)} mailboxes and ${fmt(result.fullestBytes / GB)} GB`,
    ].join('\n'),
  );
  const problems: string[] = [];
  if (result.placed !== organisation.nodeCount) problems.push(`waves plan placed ${result.placed} of ${organisation.nodeCount} mailboxes`);
  return problems;
}

async function main(): Promise<void> {
  const seed = Number(argument('--seed') ?? 19);
  console.log(`commsplan wave-planning benchmark, Node ${process.version}, seed ${seed}`);
  const sizes: [number, number][] = argument('--mailboxes')
    ? [[Number(argument('--mailboxes')), Number(argument('--room') ?? 600)]]
    : process.argv.includes('--typical')
      ? [[5000, 600]]
      : [
          [5000, 600],
          [1_500_000, 15_000],
        ];
  const problems: string[] = [];
  for (const [mailboxes, room] of sizes) {
    problems.push(...(await runSize(mailboxes, room, seed, mailboxes > 100_000 ? { seconds: 30, peakMb: 2048 } : { seconds: 1 })));
  }
  if (problems.length > 0) {
    console.error(`\nFAILED:\n${problems.join('\n')}`);
    process.exitCode = 1;
  } else console.log("\nevery plan that was made placed every mailbox within every wave's room");
}

if (process.argv.includes('--child')) {
  const at = process.argv.indexOf('--child');
  const measured = await measureInThisProcess(process.argv[at + 1] as string, process.argv[at + 2] as Method);
  process.stdout.write(`${JSON.stringify(measured)}\n`);
} else await main();
