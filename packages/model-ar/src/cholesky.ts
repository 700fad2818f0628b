/**
 * Solves A x = b for a symmetric positive definite A (n x n, row-major; only the lower triangle is read) by
 * Cholesky, A = L Lᵀ, then two triangular solves. The systems here are the (window x window) normal equations
 * of one feature, so a plain O(n³) factorisation in float64 is all that is needed.
 * Throws when A is not positive definite (a pivot that is not positive and finite), naming the pivot.
 */
export function choleskySolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`cholesky: size must be a positive integer, got ${n}`);
  if (a.length !== n * n) throw new Error(`cholesky: expected ${n * n} matrix values for ${n}x${n}, got ${a.length}`);
  if (b.length !== n) throw new Error(`cholesky: expected ${n} right-hand side values, got ${b.length}`);
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j] as number;
    for (let k = 0; k < j; k++) pivot -= (lower[j * n + k] as number) ** 2;
    if (!(pivot > 0) || !Number.isFinite(pivot)) throw new Error(`cholesky: matrix is not positive definite (pivot ${j} is ${pivot})`);
    const diagonal = Math.sqrt(pivot);
    lower[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] as number) * (lower[j * n + k] as number);
      lower[i * n + j] = sum / diagonal;
    }
  }
  // L y = b, then Lᵀ x = y.
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (lower[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (lower[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (lower[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (lower[i * n + i] as number);
  }
  return x;
}
