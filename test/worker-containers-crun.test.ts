// worker-containers.test.ts again, every container on crun instead of runc.
export {}; // a module, for the top-level await
process.env.GANTRY_RUNTIME = 'crun';
await import('./worker-containers.test');
