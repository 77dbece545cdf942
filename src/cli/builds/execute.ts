// gantry execute: runs a task config as a one-off build, as fly execute does: uploads
// the inputs (-i name=dir; an input named like the current directory defaults to it),
// posts the plan, streams the log, downloads the outputs (-o name=dir), and exits with
// the task's exit status (else 1 failed, 2 errored, 3 aborted). Ctrl-C aborts the build.
import { basename, resolve } from 'node:path';
import type { TaskConfig } from '../../core/config';
import { planOneOff } from '../../core/planner';
import type { Build } from '../../protocol';
import { openSession, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, flag, list, str } from '../io';
import { loadTaskFile } from './task-file';
import { fetchJobInputs, getPlan, type JobInput } from './job-inputs';
import { watchBuild } from './watch-build';

interface Pair { name: string; path: string }

function pairs(values: string[], flagName: string): Pair[] {
  return values.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid ${flagName} '${v}': expected name=path`);
    return { name: v.slice(0, eq), path: v.slice(eq + 1) };
  });
}

interface Chosen { local: Pair[]; fromJob: { as: string; input: JobInput }[] }

function chooseInputs(config: TaskConfig, given: Pair[], job: JobInput[] | null, mapping: Pair[]): Chosen {
  const declared = config.inputs ?? [];
  for (const g of given) if (!declared.some((i) => i.name === g.name)) throw new CliError(`unknown input \`${g.name}\``);
  const cwdName = basename(process.cwd());
  if (!job && declared.some((i) => i.name === cwdName) && !given.some((g) => g.name === cwdName)) given = [...given, { name: cwdName, path: '.' }];
  const fromJob: Chosen['fromJob'] = [];
  for (const input of declared) {
    if (given.some((g) => g.name === input.name)) continue;
    const jobName = mapping.find((m) => m.name === input.name)?.path ?? input.name;
    const found = job?.find((j) => j.name === jobName);
    if (found) fromJob.push({ as: input.name, input: found });
    else if (!input.optional) throw new CliError(`missing required input \`${input.name}\``);
  }
  return { local: given, fromJob };
}

function chooseOutputs(config: TaskConfig, given: Pair[]): Pair[] {
  for (const g of given) if (!(config.outputs ?? []).some((o) => o.name === g.name)) throw new CliError(`unknown output \`${g.name}\``);
  return given;
}

/** First Ctrl-C aborts the build; a second one leaves at once (fly's behaviour). */
function abortOnSignal(session: Session, buildId: number): () => void {
  let count = 0;
  const handler = (): void => {
    if (++count > 1) {
      process.stderr.write('exiting immediately\n');
      process.exit(2);
    }
    process.stderr.write('\naborting...\n');
    session.client.request('PUT', `/api/v1/builds/${buildId}/abort`).catch((err: Error) => {
      process.stderr.write(`failed to abort: ${err.message}\n`);
      process.exit(2);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export const run = action(async (input: CommandInput) => {
  const file = str(input, 'config');
  if (!file) throw new CliError("the required flag `-c, --config' was not specified");
  const inputsFrom = str(input, 'inputsFrom');
  const image = str(input, 'image');
  if (image && !inputsFrom) throw new CliError('must set --inputs-from when using --image so gantry knows which job to look up the image');
  const config = await loadTaskFile(file, { var: list(input, 'var'), yamlVar: list(input, 'yamlVar'), loadVarsFrom: list(input, 'loadVarsFrom') });
  const outputs = chooseOutputs(config, pairs(list(input, 'output'), '-o'));
  const session = await openSession(input.target, str(input, 'team'));
  const jobInputs = inputsFrom ? await fetchJobInputs(session, inputsFrom) : null;
  const { local: inputs, fromJob } = chooseInputs(config, pairs(list(input, 'input'), '-i'), jobInputs, pairs(list(input, 'inputMapping'), '-m'));
  const imageInput = image ? jobInputs?.find((j) => j.name === image) : undefined;
  if (image && !imageInput) throw new CliError(`the job has no input named ${image} to use as --image`);
  const gets = [...fromJob, ...(imageInput ? [{ as: imageInput.name, input: imageInput }] : [])].map((g, i) => getPlan(i + 1, g.as, g.input));
  const uploaded: { name: string; artifactId: string }[] = [];
  // tar loads only when something moves: a task without inputs or outputs never needs it.
  const io = inputs.length + outputs.length > 0 ? await import('./artifacts-io') : undefined;
  for (const i of inputs) {
    process.stderr.write(`uploading ${i.name}...\n`);
    uploaded.push({ name: i.name, artifactId: await io!.uploadInput(session.client, session.team, resolve(i.path), flag(input, 'includeIgnored')) });
  }
  const plan = planOneOff(config, {
    inputs: uploaded, outputs: outputs.map((o) => o.name), privileged: flag(input, 'privileged'), tags: list(input, 'tag'),
    firstId: gets.length + 1, ...(image ? { image } : {}),
  });
  plan.do![0]!.in_parallel!.steps.push(...gets);
  const build = await session.client.json<Build>('POST', `/api/v1/teams/${encodeURIComponent(session.team)}/builds`, { body: plan });
  process.stdout.write(`executing build ${build.id} at ${session.client.url.replace(/\/+$/, '')}/builds/${build.id}\n`);
  const stop = abortOnSignal(session, build.id);
  let code: number;
  try {
    code = await watchBuild(session.client, build.id);
  } finally {
    stop();
  }
  if (outputs.length > 0) {
    const artifacts = await session.client.get<{ id: string; name: string }[]>(`/api/v1/builds/${build.id}/artifacts`);
    for (const o of outputs) {
      const artifact = artifacts.find((a) => a.name === o.name);
      if (!artifact) continue;
      process.stderr.write(`downloading ${o.name}...\n`);
      await io!.downloadOutput(session.client, session.team, artifact.id, resolve(o.path));
    }
  }
  return code;
});
