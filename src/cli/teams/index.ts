// Team configuration as people write it (Concourse's roles file) and as the API
// takes it (role → users/groups). Pure parsing; never talks to a server.
export { parseTeamConfig, authFromLocalUsers, validateAuth, TeamConfigError } from './team-config';
