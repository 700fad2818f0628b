/**
 * Small dense symmetric linear algebra for covariance matrices (features x features, a few dozen at most).
 * Matrices are row-major Float64Arrays of n*n.
 */

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: returns eigenvalues and column eigenvectors. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = a.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * n + p]!;
        const aqq = m[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v };
}

/** Moore-Penrose pseudo-inverse of a symmetric matrix; eigenvalues below rcond * largest count as zero. */
export function symmetricPinv(a: Float64Array, n: number, rcond = 1e-12): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  let largest = 0;
  for (const ev of values) largest = Math.max(largest, Math.abs(ev));
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const ev = values[k]!;
    if (Math.abs(ev) <= rcond * largest || ev === 0) continue;
    const inv = 1 / ev;
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k]! * inv;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + vik * vectors[j * n + k]!;
    }
  }
  return out;
}
