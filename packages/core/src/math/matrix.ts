/** A row-major matrix over a typed array: element (r, c) lives at data[r * cols + c]. */
export type NumericArray = Float64Array | Float32Array;

export interface Matrix {
  data: NumericArray;
  rows: number;
  cols: number;
}

export function createMatrix(rows: number, cols: number, kind: 'f64' | 'f32' = 'f64'): Matrix {
  const size = rows * cols;
  return { data: kind === 'f32' ? new Float32Array(size) : new Float64Array(size), rows, cols };
}

/** Builds a Float64 matrix from rows of numbers; every row must have the same length. */
export function matrixFromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
  const cols = rows.length === 0 ? 0 : rows[0]!.length;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) m.data[r * cols + c] = row[c]!;
  });
  return m;
}

export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/** Copies column c of m into out (length >= m.rows) and returns out. */
export function readColumn(m: Matrix, c: number, out: Float64Array = new Float64Array(m.rows)): Float64Array {
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + c]!;
  return out;
}

export function cloneMatrix(m: Matrix): Matrix {
  return { data: m.data.slice(), rows: m.rows, cols: m.cols };
}

/** Throws unless out has m's shape; used where a transform writes into a caller's buffer. */
export function assertSameShape(m: Matrix, out: Matrix): void {
  if (out.rows !== m.rows || out.cols !== m.cols || out.data.length < m.rows * m.cols) {
    throw new RangeError(`output matrix is ${out.rows}x${out.cols}, expected ${m.rows}x${m.cols}`);
  }
}

export function assertCols(m: Matrix, cols: number, what: string): void {
  if (m.cols !== cols) throw new RangeError(`${what} was fitted on ${cols} features, got a matrix with ${m.cols}`);
}
