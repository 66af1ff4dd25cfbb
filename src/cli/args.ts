/**
 * A cursor over a command line, shared by the CLIs: `next()` gives each argument in turn, and
 * `value()` takes the value that follows a flag (undefined when it is missing or is another flag,
 * so `--org --root x` is an error, not an org named "--root").
 */
export class ArgCursor {
  private i = -1;
  constructor(private readonly argv: readonly string[]) {}

  next(): string | undefined {
    this.i++;
    return this.argv[this.i];
  }

  /** The value after the current flag, or an ArgError `<flag> needs a value`. */
  required(): string {
    const flag = this.argv[this.i];
    const v = this.value();
    if (v === undefined) throw new ArgError(`${flag} needs a value`);
    return v;
  }

  value(): string | undefined {
    const v = this.argv[this.i + 1];
    if (v === undefined || v.startsWith('--')) return undefined;
    this.i++;
    return v;
  }
}

/** A usage mistake found by ArgCursor.required(). */
export class ArgError extends Error {}
