// Talking to a Gantry (or Concourse-shaped) server over HTTP: the API client
// with fly's error wording, the session built from a saved target, and the
// pipeline/job reference syntax. Never imports server modules.
export { ApiClient, ApiError, NotAuthorizedError, CLI_NAME, type RequestOptions } from './api-client';
export type { ApiResponse, ResponseBody } from './http-send';
export { openSession, NoTargetError, type Session } from './session';
export {
  parsePipelineFlag,
  parseJobFlag,
  parseInstanceVars,
  formatPipelineRef,
  refQuery,
  type PipelineRef,
} from './pipeline-ref';
