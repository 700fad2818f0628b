export {
  createMatrix,
  matrixFromRows,
  matrixToRows,
  readColumn,
  cloneMatrix,
  type Matrix,
  type NumericArray,
} from './matrix.js';
export { mean, std, median, mad, quantile, quantileSorted } from './stats.js';
export { toNumberArray } from './copy.js';
