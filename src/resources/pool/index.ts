// The pool resource type (Concourse's pool-resource): environment locks kept in a git
// repository. Must never let two acquirers hold the same lock: every change is one commit
// pushed on top of the state it was decided on, and a lost race starts over.
export { createPoolType, type PoolTypeOptions } from './pool-type';
export { transact, type PoolConfig, type Step, type PoolView } from './lock-repo';
