// set-pipeline: check the config locally, show what changes against the
// running config, ask, and save it with the config version it was compared to
// (X-Concourse-Config-Version), so a concurrent change is refused, not lost.
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { CONFIG_VERSION_HEADER, type ConfigResponse, type Pipeline, type SaveConfigResponse } from '../../protocol';
import { CLI_NAME, formatPipelineRef, openSession, type PipelineRef, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { action, confirm, flag, list, output, required, str, type Output } from '../io';
import { diffConfigs } from '../render';
import { loadInstanceVars } from '../vars-flags';
import { orderedConfig } from './config-order';
import { loadPipelineSource, type PipelineSource } from './pipeline-source';
import { pipelineUrl } from './pipeline-target';
import { showWarnings } from './warnings';

/** Gantry's header naming the file the config came from, for the server's error texts. */
const CONFIG_FILE_HEADER = 'X-Gantry-Config-File';

interface Running {
  config: unknown;
  version: string | undefined;
}

async function running(session: Session, ref: PipelineRef): Promise<Running | null> {
  const res = await session.client.request('GET', pipelineUrl(session, ref, '/config'), { accept: [404] });
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  const body = (await res.json()) as ConfigResponse;
  return { config: orderedConfig(body.config), version: res.headers.get(CONFIG_VERSION_HEADER) ?? undefined };
}

/** The bytes to send: the file itself when no var changed it (so the server's line numbers match), else JSON. */
function payload(source: PipelineSource): { text: string; contentType: string; file?: string } {
  if (!source.interpolated && source.file !== '-') {
    return { text: source.text, contentType: 'application/x-yaml', file: basename(source.file) };
  }
  return { text: JSON.stringify(source.value), contentType: 'application/json' };
}

function printHeader(out: Output, ref: PipelineRef): void {
  out.line(out.colors.bold('pipeline name: ') + ref.name);
  if (ref.instanceVars && Object.keys(ref.instanceVars).length) {
    out.line(out.colors.bold('pipeline instance vars:'));
    out.line(stringify(ref.instanceVars).trimEnd().replace(/^/gm, '  '));
  }
  out.line();
}

function printCreated(out: Output, session: Session, ref: PipelineRef, input: CommandInput, pipeline: Pipeline | null): void {
  out.line('pipeline created!');
  const query = pipelineUrl(session, ref).split('?')[1];
  const web = `${session.target.api.replace(/\/+$/, '')}/teams/${encodeURIComponent(session.team)}/pipelines/${encodeURIComponent(ref.name)}`;
  out.line(`you can view your pipeline here: ${web}${query ? `?${query}` : ''}`);
  if (!pipeline?.paused) return;
  const label = formatPipelineRef(ref);
  const quoted = label.includes('"') ? JSON.stringify(label) : label;
  const teamFlag = str(input, 'team') ? ` --team ${str(input, 'team')}` : '';
  out.line();
  out.line('the pipeline is currently paused. to unpause, either:');
  out.line('  - run the unpause-pipeline command:');
  out.line(`    ${CLI_NAME} -t ${session.targetName} unpause-pipeline -p ${quoted}${teamFlag}`);
  out.line('  - click play next to the pipeline in the web ui');
}

async function save(out: Output, session: Session, ref: PipelineRef, source: PipelineSource, current: Running | null, input: CommandInput): Promise<number> {
  const body = payload(source);
  const headers: Record<string, string> = {};
  if (current?.version) headers[CONFIG_VERSION_HEADER] = current.version;
  if (body.file) headers[CONFIG_FILE_HEADER] = body.file;
  let url = pipelineUrl(session, ref, '/config');
  if (flag(input, 'checkCreds')) url += (url.includes('?') ? '&' : '?') + 'check_creds=true';
  const res = await session.client.request('PUT', url, {
    rawBody: { text: body.text, contentType: body.contentType },
    headers,
    accept: [400, 409],
  });
  const text = await res.text();
  const answer = (text ? JSON.parse(text) : {}) as SaveConfigResponse;
  if (res.status === 400) {
    for (const e of answer.errors ?? []) out.error(e);
    out.error(out.errColors.red('configuration invalid; the running configuration is unchanged'));
    return 1;
  }
  if (res.status === 409) {
    throw new CliError('the pipeline was configured by someone else in the meantime; run set-pipeline again to see the new diff');
  }
  showWarnings(out, answer.warnings);
  if (res.status === 201) {
    const pipeline = await session.client.getOptional<Pipeline>(pipelineUrl(session, ref));
    printCreated(out, session, ref, input, pipeline);
  } else out.line('configuration updated');
  return 0;
}

export const run = action(async (input) => {
  const out = output({ noColor: input.options.color === false });
  const name = required(input, 'pipeline', '-p, --pipeline');
  const file = required(input, 'config', '-c, --config');
  if (name.includes('/')) throw new CliError("pipeline name cannot contain '/'");
  const varFlags = { var: list(input, 'var'), yamlVar: list(input, 'yamlVar'), loadVarsFrom: list(input, 'loadVarsFrom'), instanceVar: list(input, 'instanceVar') };
  const instanceVars = loadInstanceVars(varFlags);
  const ref: PipelineRef = { name, ...(Object.keys(instanceVars).length ? { instanceVars } : {}) };
  const source = await loadPipelineSource(file, varFlags);
  for (const w of source.warnings) out.error(w);
  if (source.errors.length) {
    for (const e of source.errors) out.error(e);
    return 1;
  }
  const session = await openSession(input.target, str(input, 'team'));
  const current = await running(session, ref);
  const diff = diffConfigs(current?.config ?? null, source.value, out.colors);
  if (current && diff.changes.length === 0) {
    out.line('no changes to apply');
    return 0;
  }
  out.print(diff.text);
  if (diff.text) out.line();
  printHeader(out, ref);
  if (flag(input, 'dryRun')) {
    out.line('Dry-run mode was set, exiting.');
    return 0;
  }
  if (!flag(input, 'nonInteractive') && file !== '-' && !(await confirm('apply configuration?'))) {
    out.line('bailing out');
    return 0;
  }
  return save(out, session, ref, source, current, input);
});
