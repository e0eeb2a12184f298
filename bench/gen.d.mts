// Types of bench/gen.mjs, for the TypeScript tests that use the generator.
export declare const GENERATOR_VERSION: number;
export declare const USAGE_HEADER: string;
export declare const DEFAULT_OWNER: string;
export declare const DEFAULT_PERIOD: string;

export interface GenerateOptions {
  /** Data rows of the usage CSV: a number or "10k", "1M". */
  size: number | string;
  seed?: number;
  /** Output directory (default bench/data). */
  out?: string;
  /** Generate the provider invoice (default: size ≤ 100k). */
  invoice?: boolean;
  force?: boolean;
  /** YYYY-MM (default 2021-03). */
  period?: string;
  ownerId?: string;
  /** Application names to use instead of the generated ones (cycled over applications). */
  itemNames?: string[];
}

export interface Manifest {
  params: { version: number; size: number; seed: number; period: string; owner: string; invoice: boolean };
  files: { usage: string; catalog: string; credits: string; invoice: string | null };
  bytes: Record<string, number | null>;
  rows: { total: number; intervals: number; uptime: number; build: number; addon: number; countable: number; classic: number };
  apps: number;
  addons: number;
  instances: number;
  period: string;
  ownerId: string;
  expected: {
    ratedLines: number;
    subtotalPerSecond: string;
    subtotalLegacy: string;
    statusCounts: Record<string, number>;
    invoice: null | {
      billedTotal: string;
      details: number;
      overBilled: { itemId: string; priceItem: string; by: string } | null;
      missing: { itemId: string; priceItem: string; kind: string } | null;
      unexplained: { itemId: string; priceItem: string };
    };
  };
  generatedInMs: number;
  reused: boolean;
}

export declare function generate(opts: GenerateOptions): Manifest;
export declare function mulberry32(seed: number): () => number;
export declare function uuidOf(seed: number, ns: number, n: number): string;
export declare function isoParis(ms: number): string;
export declare function parisMonthStart(period: string): number;
export declare function periodBoundsParis(period: string): { start: number; end: number };
export declare function sizeLabel(n: number): string;
export declare function parseSize(s: string): number;
