// Preloaded by tests/consolidate/lazyStringWidth.test.ts: counts the Intl.Segmenter objects and \p{RGI_Emoji}
// patterns a command creates, and says so on stderr when it exits.
let segmenters = 0;
let rgiEmoji = 0;
const Segmenter = Intl.Segmenter;
Intl.Segmenter = new Proxy(Segmenter, { construct: (target, args, nt) => ((segmenters += 1), Reflect.construct(target, args, nt)) });
globalThis.RegExp = new Proxy(RegExp, {
  construct: (target, args, nt) => (String(args[0]).includes('RGI_Emoji') && (rgiEmoji += 1), Reflect.construct(target, args, nt)),
});
process.on('exit', () => process.stderr.write(`segmenters ${segmenters}, RGI_Emoji patterns ${rgiEmoji}\n`));
