// Concourse's identifier rule for names of jobs, resources, steps, groups...:
// start with a lowercase letter (any script) or a digit, then lowercase letters,
// digits, `-`, `_` or `.`. Only an empty name is an error; other violations are
// warnings, so old pipelines keep loading (Concourse's split).

const VALID = /^[\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d][\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d\-_.]*$/u;
const BAD_START = /^[^\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d]/u;
const JUST_NUMBERS = /^\d+$/;
const BAD_CHAR = /[^\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d\-_.]/u;

export type IdentifierFinding = { severity: 'error' | 'warning'; message: string } | undefined;

export function checkIdentifier(name: string): IdentifierFinding {
  if (name === '') return { severity: 'error', message: 'identifier cannot be an empty string' };
  if (JUST_NUMBERS.test(name)) {
    return { severity: 'warning', message: `'${name}' is not a valid identifier: cannot be just numbers` };
  }
  if (VALID.test(name)) return undefined;
  let reason = '';
  if (BAD_START.test(name)) reason = 'must start with a lowercase letter or a number';
  else {
    const bad = BAD_CHAR.exec([...name].slice(1).join(''));
    if (bad) reason = `illegal character '${bad[0]}'`;
  }
  return { severity: 'warning', message: `'${name}' is not a valid identifier: ${reason}` };
}
