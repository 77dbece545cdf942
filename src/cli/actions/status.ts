// gantry status: is the saved token still accepted by the server?
import { API_PATHS } from '../../protocol';
import { NotAuthorizedError, openSession } from '../client';
import { CliError } from '../errors';
import { action, output } from '../io';

export const run = action(async (input) => {
  const out = output();
  const session = await openSession(input.target);
  if (!session.target.token?.value) throw new CliError('logged out');
  try {
    await session.client.get(API_PATHS.user);
  } catch (err) {
    if (err instanceof NotAuthorizedError) {
      throw new CliError(`please login again.\n\ntoken validation failed with error: ${err.message}`);
    }
    throw err;
  }
  out.line('logged in successfully');
});
