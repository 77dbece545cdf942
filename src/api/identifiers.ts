// Concourse's identifier rule for names given in URLs (pipeline, team): an
// empty name is an error; other departures from the rule are warnings, as
// Concourse keeps them for old pipelines.
import type { ConfigWarning } from '../protocol';

const VALID = /^[\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d][\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d\-_.]*$/u;
const INVALID_CHAR = /[^\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d\-_.]/u;

export function identifierError(name: string, context: string): string | null {
  return name === '' ? `${context}: identifier cannot be an empty string` : null;
}

export function identifierWarning(name: string, context: string): ConfigWarning | null {
  if (name === '') return null;
  const say = (why: string): ConfigWarning => ({
    type: 'invalid_identifier',
    message: `${context}: '${name}' is not a valid identifier: ${why}`,
  });
  if (/^\d+$/.test(name)) return say('cannot be just numbers');
  if (VALID.test(name)) return null;
  if (!/^[\p{Ll}\p{Lt}\p{Lm}\p{Lo}\d]/u.test(name)) return say('must start with a lowercase letter or a number');
  return say(`illegal character '${INVALID_CHAR.exec(name.slice(1))?.[0] ?? ''}'`);
}
