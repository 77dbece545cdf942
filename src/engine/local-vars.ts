// Build-local vars (`((.:name))`): set by load_var and by across for its
// sub-steps. A scope sees its parents' vars; across gives each combination its
// own child scope, so values of parallel combinations never mix.
export class LocalVars {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly parent?: LocalVars) {}

  child(): LocalVars {
    return new LocalVars(this);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  get(name: string): { found: true; value: unknown } | { found: false } {
    if (this.values.has(name)) return { found: true, value: this.values.get(name) };
    return this.parent ? this.parent.get(name) : { found: false };
  }
}
