// gantry intercept: placeholder until the exchange is written.
import { CliError } from '../errors';
import { action } from '../io';

export const run = action(async () => {
  throw new CliError('intercept is not available in this version of gantry yet');
});
