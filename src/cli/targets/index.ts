// Saved targets (~/.gantryrc): where each named Concourse-style server lives,
// which team, and the bearer token. Owns the file; never talks to a server.
export {
  targetsPath,
  readTargets,
  writeTargets,
  saveTarget,
  clearToken,
  deleteTarget,
  type Target,
  type Targets,
  type TargetToken,
} from './targets-file';
export { tokenExpiry, describeExpiry } from './token-expiry';
