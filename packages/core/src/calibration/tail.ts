const LN10 = Math.log(10);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * erfc(x) by the Chebyshev-fitted exponential of Numerical Recipes (fractional error below 1.2e-7 everywhere),
 * which keeps its relative accuracy in the far tail where 1 - erf(x) would cancel to 0.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/**
 * -log10 of the standard normal upper tail P(Z > z): the "surprise" of z in decimal digits (2 = a 1-in-100
 * event, 5 = 1 in 100,000). Finite for every finite z: beyond z = 5 it uses the asymptotic (Mills ratio)
 * expansion of the tail's logarithm, so a very large z gives a large surprise instead of Infinity.
 */
export function upperTailSurprise(z: number): number {
  if (Number.isNaN(z)) return 0;
  if (z < 5) return -Math.log10(Math.max(0.5 * erfc(z / Math.SQRT2), 1e-300));
  if (z > 1e150) z = 1e150; // z * z stays finite; the surprise is astronomically large either way
  const logDensity = -0.5 * z * z - LOG_SQRT_2PI;
  const zz = z * z;
  return -(logDensity - Math.log(z) + Math.log(1 - 1 / zz + 3 / (zz * zz))) / LN10;
}
