/**
 * The executable started with no arguments (a double-click) opens the page: `nianbao ui`. Imported before the CLI
 * so the CLI sees the argument. With arguments it is the ordinary CLI.
 */
if (process.argv.length <= 2) process.argv.push('ui');
export {};
