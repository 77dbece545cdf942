// Typed failures the store reports. They are part of the port's contract, so
// callers (the API maps them to HTTP statuses) never inspect SQL error codes.

export type StoreErrorCode = 'config-version-conflict' | 'not-found' | 'conflict' | 'invalid-state';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A pipeline save whose expected config version is not the current one (HTTP 409). */
export class ConfigVersionConflictError extends StoreError {
  constructor(readonly expected: number, readonly current: number) {
    super('config-version-conflict',
      `pipeline config was modified by someone else (expected version ${expected}, current ${current})`);
    this.name = 'ConfigVersionConflictError';
  }
}

/** The row the operation names does not exist (HTTP 404). */
export class NotFoundError extends StoreError {
  constructor(what: string) {
    super('not-found', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** A unique name is already taken (HTTP 409). */
export class ConflictError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
    this.name = 'ConflictError';
  }
}

/** The row is in a state that does not allow the operation, e.g. finishing a finished build. */
export class InvalidStateError extends StoreError {
  constructor(message: string) {
    super('invalid-state', message);
    this.name = 'InvalidStateError';
  }
}
