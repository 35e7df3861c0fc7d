/** The syntaxes a Report renders to (a module of its own so the CLI's `--help` lists them without loading a renderer). */
export type RenderFormat = 'html' | 'md' | 'txt';
export const renderFormats: readonly RenderFormat[] = ['html', 'md', 'txt'];
