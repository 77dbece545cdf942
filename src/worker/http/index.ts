// The worker's HTTP face: its runtime and resource runner served to web nodes behind the
// shared worker key, and the beacon that registers and heartbeats. It owns only the wire;
// it must never decide placement or touch the store (that is the web node's).
export { startWorkerServer, workerHandler, type WorkerServer, type WorkerServerOptions } from './server';
export { startBeacon, RefusedError, type Beacon, type BeaconOptions, type WorkerRegistration } from './beacon';
export {
  WORKER_KEY_HEADER, keyMatches, toWireError, fromWireError, encodeBytes, decodeBytes, type WireError, type ResourceLine,
} from './wire';
