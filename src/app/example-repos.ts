// The quickstart example's local git repositories, created once under the data dir from
// the seed content in examples/component-release/: component (its program, unit tests,
// deploy settings and the pipeline's ci/ task files), upstream (the dependency standing in
// for runc), artifacts.git (releases/, shipped/ and later candidates/ on main; semver files on the
// `version` branch) and pool.git (the env locks a and b). Never touches a repo that exists.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ExampleRepos {
  component: string;
  upstream: string;
  artifacts: string;
  pool: string;
}

/** Git with a fixed identity, so commits never depend on the machine's git config. */
export function exampleGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Gantry Example', GIT_AUTHOR_EMAIL: 'example@gantry.local',
      GIT_COMMITTER_NAME: 'Gantry Example', GIT_COMMITTER_EMAIL: 'example@gantry.local',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  }).trim();
}

export function repoPaths(exampleDir: string): ExampleRepos {
  const repos = join(exampleDir, 'repos');
  return {
    component: join(repos, 'component'),
    upstream: join(repos, 'upstream'),
    artifacts: join(repos, 'artifacts.git'),
    pool: join(repos, 'pool.git'),
  };
}

/** A work-tree repo people commit in directly or push to (updateInstead keeps the tree current). */
function workRepo(dir: string, fill: (dir: string) => void, message: string): void {
  mkdirSync(dir, { recursive: true });
  exampleGit(dir, 'init', '-q', '--initial-branch=main');
  exampleGit(dir, 'config', 'receive.denyCurrentBranch', 'updateInstead');
  fill(dir);
  exampleGit(dir, 'add', '-A');
  exampleGit(dir, 'commit', '-q', '-m', message);
}

/** A bare repo only pipelines write to; seeded through a scratch clone. */
function bareRepo(dir: string, branches: Record<string, Record<string, string>>): void {
  mkdirSync(dir, { recursive: true });
  exampleGit(dir, 'init', '-q', '--bare', '--initial-branch=main');
  const scratch = mkdtempSync(join(tmpdir(), 'gantry-example-seed-'));
  try {
    exampleGit(scratch, 'init', '-q', '--initial-branch=main');
    for (const [branch, files] of Object.entries(branches)) {
      exampleGit(scratch, 'checkout', '-q', '--orphan', branch);
      exampleGit(scratch, 'rm', '-r', '-f', '-q', '--ignore-unmatch', '.');
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(scratch, path)), { recursive: true });
        writeFileSync(join(scratch, path), text);
      }
      exampleGit(scratch, 'add', '-A');
      exampleGit(scratch, 'commit', '-q', '-m', `seed ${branch}`);
      exampleGit(scratch, 'push', '-q', dir, `HEAD:refs/heads/${branch}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Creates whichever of the four repositories is missing; returns their paths and which were made. */
export function ensureRepos(exampleDir: string, seedDir: string): { repos: ExampleRepos; created: string[] } {
  const repos = repoPaths(exampleDir);
  const created: string[] = [];
  const make = (name: keyof ExampleRepos, fn: (dir: string) => void) => {
    if (existsSync(join(repos[name], '.git')) || existsSync(join(repos[name], 'HEAD'))) return;
    rmSync(repos[name], { recursive: true, force: true });
    fn(repos[name]);
    created.push(name);
  };
  make('upstream', (d) => workRepo(d, (dir) => cpSync(join(seedDir, 'repos/upstream'), dir, { recursive: true }), 'upstream 1.1.5'));
  make('component', (d) => workRepo(d, (dir) => {
    cpSync(join(seedDir, 'repos/component'), dir, { recursive: true });
    cpSync(join(seedDir, 'ci'), join(dir, 'ci'), { recursive: true });
  }, 'component: program, unit tests, deploy settings and ci tasks'));
  // No candidates/ yet: the deploy jobs trigger on the first commit there, the first candidate.
  make('artifacts', (d) => bareRepo(d, {
    main: {
      'releases/README': 'Promoted releases (component-X.Y.Z.tar.gz).\n',
      'shipped/README': 'Final artifacts of shipped releases (shipped/X.Y.Z/).\n',
    },
    version: { candidate: '0.1.0\n' },
  }));
  make('pool', (d) => bareRepo(d, {
    main: {
      'envs/unclaimed/a': 'env: a\n',
      'envs/unclaimed/b': 'env: b\n',
      'envs/claimed/.gitkeep': '',
    },
  }));
  return { repos, created };
}
