/**
 * A request that cannot be carried out as asked: wrong arguments, nothing to read, an output over an input. Every
 * front-end shows it as one Chinese line (the CLI: `错误：…` and exit status 2; a page: a message beside the form),
 * unlike a bug, which keeps its stack. Problems inside a user's file are findings, never this.
 */
export class InputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}
