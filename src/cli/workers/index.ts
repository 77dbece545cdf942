// The CLI's worker commands (workers, land-worker, prune-worker): they talk to the web
// node's /api/v1/workers and render; they must never reach a worker directly.
export { splitWorkers, workerRow, WORKER_HEADERS, DETAIL_HEADERS, type WorkerJson } from './workers-table';
