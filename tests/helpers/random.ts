/** A small seeded generator (mulberry32) giving numbers in [0, 1), so a failing case is reproducible from its seed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same generator giving whole numbers from 0 to `max` inclusive. */
export function randomInt(seed: number): (max: number) => number {
  const next = random(seed);
  return (max: number) => Math.floor(next() * (max + 1));
}
