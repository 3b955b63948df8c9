/** What the generated demo trees are built from: a seeded PRNG (mulberry32) and the characters of place names. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NAME_FIRST = '东西南北中上下前后新老大小高长青红白金石';
export const NAME_SECOND = '河川山沟塬坪湾庄峪岔台坡桥泉林寨堡店家湖园';
