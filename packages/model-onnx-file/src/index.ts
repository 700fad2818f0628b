export { onnxFile, onnxScoreFile, onnxFileOptionsSchema, checkContract, type OnnxFileOptions } from './onnx-file.js';
