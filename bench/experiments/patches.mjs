// Source patches for what-if measurements (`node scripts/bench.mjs --patch NAME[,NAME]`).
// Applied in memory by an esbuild plugin when the benchmark bundles its phase runner: the
// repository's files are never modified. Each patch estimates the effect of a fix proposed in
// docs/performance.md; a patch whose anchor text is no longer found fails the build loudly.
export const PATCHES = {
  /** Import: a 64 MB page cache on the import connection. */
  cache64: {
    file: 'electron/core/store/write-session.ts',
    find: "    conn.pragma('synchronous = NORMAL');",
    replace: "    conn.pragma('synchronous = NORMAL');\n    conn.pragma('cache_size = -65536');",
  },
};

/** An esbuild plugin applying the named patches. */
export function patchPlugin(names) {
  const chosen = names.map((n) => {
    const p = PATCHES[n];
    if (!p) throw new Error(`unknown patch "${n}" (known: ${Object.keys(PATCHES).join(', ')})`);
    return { name: n, ...p };
  });
  return {
    name: 'bench-patches',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const mine = chosen.filter((p) => args.path.endsWith(p.file));
        if (!mine.length) return undefined;
        const fs = await import('node:fs');
        let text = fs.readFileSync(args.path, 'utf8');
        for (const p of mine) {
          const found = p.find instanceof RegExp ? p.find.test(text) : text.includes(p.find);
          if (!found) throw new Error(`patch ${p.name}: anchor not found in ${p.file} (the code changed; update bench/experiments/patches.mjs)`);
          text = text.replace(p.find, p.replace);
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}
