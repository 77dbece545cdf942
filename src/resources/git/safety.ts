// Built-in types run git on the worker host, not in a container as in Concourse, so a
// pipeline's source must not be able to make git run commands: no value that git would
// read as an option (`--upload-pack=...`), and no `git_config` key that names a program or
// hook (core.fsmonitor, credential helpers, filters, protocol.*.allow for ext::, ...).
import { BuiltinFailure } from '../builtin/types';

/** Refuses a value git would parse as an option when passed as an argument. */
export function notOption(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.startsWith('-')) throw new BuiltinFailure(`${field} must not start with "-": ${value}`);
  return value;
}

const DENIED_CONFIG = [
  /^core\.(fsmonitor|sshcommand|hookspath|pager|editor|askpass|gitproxy|alternaterefscommand|worktree)$/,
  /^(credential|filter|alias|include|includeif|protocol|uploadpack|receive|pager|difftool|mergetool|browser|web|instaweb|man|trace2|safe|sequence|gpg)\./,
  /^(diff|merge)\.[^.]+\.(command|textconv|driver)$/,
  /^remote\.[^.]+\.(uploadpack|receivepack|vcs|proxy)$/,
  /^submodule\.[^.]+\.update$/,
  /^(include|protocol|credential)$/,
];

/** Refuses `git_config` entries that could run a program on the worker. */
export function safeConfig(name: string, value: string): { name: string; value: string } {
  const key = name.toLowerCase();
  if (DENIED_CONFIG.some((re) => re.test(key))) {
    throw new BuiltinFailure(`git_config ${name} is not allowed in the built-in git type (it can run programs on the worker)`);
  }
  if (value.startsWith('!')) throw new BuiltinFailure(`git_config ${name}: shell command values are not allowed`);
  return { name, value };
}
