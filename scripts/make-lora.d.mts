export function writeLora(opts: { out: string; base: string; rank?: number; alpha?: number; strength?: number; targets?: string[]; seed?: number }): {
  out: string;
  bytes: number;
  tensors: number;
};
