// What the pipeline commands share: the session with --team applied, the -p
// reference, and the URL of one pipeline (instance vars in the query).
import { API_PATHS, type Pipeline } from '../../protocol';
import { formatPipelineRef, openSession, parsePipelineFlag, refQuery, type PipelineRef, type Session } from '../client';
import type { CommandInput } from '../command-spec';
import { CliError } from '../errors';
import { str } from '../io';

export interface PipelineTarget {
  session: Session;
  ref: PipelineRef;
  /** `name` or `name/k:v,...` for messages. */
  label: string;
}

export function pipelineUrl(session: Session, ref: PipelineRef, suffix = ''): string {
  return API_PATHS.pipeline(session.team, ref.name) + suffix + refQuery(ref);
}

/** Parses -p; the message names the flag like fly's does. */
export function pipelineRef(input: CommandInput, required = true): PipelineRef | undefined {
  const raw = str(input, 'pipeline');
  if (!raw) {
    if (required) throw new CliError("the required flag `-p, --pipeline' was not specified");
    return undefined;
  }
  return parsePipelineFlag(raw);
}

export async function pipelineTarget(input: CommandInput): Promise<PipelineTarget> {
  const ref = pipelineRef(input)!;
  const session = await openSession(input.target, str(input, 'team'));
  return { session, ref, label: formatPipelineRef(ref) };
}

/** The team's pipelines; fly reads these for -a. */
export function listPipelines(session: Session): Promise<Pipeline[]> {
  return session.client.get<Pipeline[]>(API_PATHS.pipelines(session.team));
}

export function refOf(p: Pipeline): PipelineRef {
  return { name: p.name, instanceVars: p.instance_vars };
}
