/**
 * The machine's achievable scalar FLOP/s in JavaScript: a plain cache-friendly (i-k-j) matrix multiply
 * of n x n matrices, the same loop shape as our layers, in Float64Array.
 */
export function matmulFlops(n: number, minMs: number): number {
  const a = new Float64Array(n * n).map((_, i) => ((i * 7) % 13) / 13);
  const b = new Float64Array(n * n).map((_, i) => ((i * 5) % 11) / 11);
  const c = new Float64Array(n * n);
  const multiply = () => {
    c.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k] as number;
        const bRow = k * n;
        const cRow = i * n;
        for (let j = 0; j < n; j++) c[cRow + j] = (c[cRow + j] as number) + aik * (b[bRow + j] as number);
      }
    }
  };
  multiply();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    multiply();
    calls++;
  }
  const seconds = (performance.now() - started) / 1000;
  return (2 * n * n * n * calls) / seconds;
}
