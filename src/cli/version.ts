// The version the CLI reports; kept in step with package.json by the build test.
export const GANTRY_VERSION = '0.1.0';
