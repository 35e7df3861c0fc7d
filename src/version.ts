/** The generator version written into every template's metadata and every summary. */
export const version = '0.1.0';
/** The template layout version: bumped whenever a template's cells move, so readers know what they are reading. */
export const templateVersion = '1';
