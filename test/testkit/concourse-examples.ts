// The pipelines of Concourse's examples repository (../shared/fixtures), with
// the vars each one needs, for tests that set all of them. templates/ holds ytt
// sources (they need ytt to become pipelines) and vars-file.yml is a vars file,
// so neither is a pipeline config.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { YAML_OPTIONS } from '../../src/core/config';

export const EXAMPLES_DIR = resolve('../shared/fixtures/concourse-examples/pipelines');

export interface Example {
  /** Pipeline name to set it as. */
  name: string;
  /** -p value naming it afterwards (with instance vars), when not just the name. */
  ref?: string;
  file: string;
  /** Var flags for set-pipeline. */
  args: string[];
  /** The same vars as plain values, to compute the expected config. */
  vars: Record<string, string>;
}

const VARS: Record<string, Pick<Example, 'args' | 'vars' | 'ref'> & { name?: string }> = {
  'build-and-push-simple-image.yml': {
    args: ['-v', 'image-repo-name=registry.example.com/simple', '-v', 'registry-username=ci', '-v', 'registry-password=s3cret'],
    vars: { 'image-repo-name': 'registry.example.com/simple', 'registry-username': 'ci', 'registry-password': 's3cret' },
  },
  'pipeline-vars.yml': {
    args: ['-l', join(EXAMPLES_DIR, 'vars-file.yml')],
    vars: { first: 'initial', number: '9000', hello: 'HAL' },
  },
  'multi-branch/template.yml': {
    name: 'multi-branch-template',
    ref: 'multi-branch-template/branch:main',
    args: ['-i', 'branch=main'],
    vars: { branch: 'main' },
  },
  'multi-branch/parent.yml': { name: 'multi-branch-parent', args: [], vars: {} },
};

function pipelineFiles(): string[] {
  const top = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .filter((f) => {
      const doc = parse(readFileSync(join(EXAMPLES_DIR, f), 'utf8')) as Record<string, unknown> | null;
      return Boolean(doc && 'jobs' in doc);
    });
  const branches = readdirSync(join(EXAMPLES_DIR, 'multi-branch')).map((f) => `multi-branch/${f}`);
  return [...top, ...branches].sort();
}

export const EXAMPLES: Example[] = pipelineFiles().map((rel) => {
  const extra = VARS[rel];
  return {
    name: extra?.name ?? rel.replace(/\.yml$/, ''),
    ...(extra?.ref ? { ref: extra.ref } : {}),
    file: join(EXAMPLES_DIR, rel),
    args: extra?.args ?? [],
    vars: extra?.vars ?? {},
  };
});

/** The config the server should hold: the file with its ((vars)) replaced, parsed as Concourse parses YAML. */
export function exampleValue(ex: Example): unknown {
  let text = readFileSync(ex.file, 'utf8');
  for (const [k, v] of Object.entries(ex.vars)) text = text.split(`((${k}))`).join(v);
  return parse(text, YAML_OPTIONS);
}
