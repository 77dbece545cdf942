// Redaction of credential values in build output. Like Concourse, each line of
// a multi-line secret is redacted on its own (trimmed), and one-character
// values are left alone so that output stays readable.

export const REDACTED = '((redacted))';

export function redact(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is redacted whole.
  const values = secrets
    .flatMap((secret) => secret.split('\n').map((line) => line.trim()))
    .filter((value) => value.length > 1)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.replaceAll(value, REDACTED);
  return out;
}
