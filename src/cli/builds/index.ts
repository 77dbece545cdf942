// Build commands' shared parts: reading a build's event stream and printing it as fly
// does (reused by trigger-job -w). Talks to the API over HTTP only; must never import
// server modules.
export { buildEvents } from './event-stream';
export { renderEvents, type RenderOptions, type RenderResult } from './render-events';
export { watchBuild } from './watch-build';
