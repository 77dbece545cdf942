// Long-running loops of a web node (build tracker, scheduler, checker, GC). They work
// through the store's ports and NOTIFY; they must never serve HTTP or touch the CLI.
export * from './build-tracker';
